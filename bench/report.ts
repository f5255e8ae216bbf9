import type { BudgetCheck } from './budgets';
import type { BundleResult } from './bundles';
import type { CapacityResult } from './capacity-step';
import type { OpResult } from './ops-step';
import type { ScaleResult } from './scale-step';
import { ratio, round } from './stats';

/** The JSON document of `npm run bench -- --json`. */
export interface BenchReport {
  readonly bundles: Record<string, Omit<BundleResult, 'runs'>>;
  readonly helloInitMs: number | null;
  /** Bundles measured for comparison (an AWS SDK client making one GetItem). */
  readonly baselines: Record<string, Omit<BundleResult, 'runs'>>;
  readonly ops: Record<
    string,
    {
      p50Ms: number;
      p99Ms: number;
      rps: number;
      /** CPU ms per request of the process serving it (dynalite's own process excluded). */
      cpuMsPerRequest: number | null;
      dynamoCalls: number;
      reads: number;
      writes: number;
      /** The calls of the request that made the most, by SDK command. */
      byCommand: Readonly<Record<string, number>>;
    }
  >;
  readonly peer: {
    name: string;
    ops: Record<
      string,
      { p50Ms: number; p99Ms: number; rps: number; cpuMsPerRequest: number | null }
    >;
    /** Ours divided by the peer's: below 1 is faster for p50, above 1 is more for rps. */
    ratios: Record<string, { p50: number | null; rps: number | null }>;
  } | null;
  readonly scale: ScaleResult['scale'];
  readonly scaleInfo: ScaleResult['info'];
  /** The same load spread over many teams and aimed at one hot team. */
  readonly capacity: CapacityResult | null;
  readonly budgets: BudgetCheck[];
  readonly run: Record<string, unknown>;
}

/** Assembles the JSON document from the steps' results. */
export function buildReport(parts: {
  bundles?: Record<string, BundleResult>;
  helloName: string;
  baselineNames: ReadonlySet<string>;
  ops?: OpResult[];
  peerName?: string;
  scale?: ScaleResult;
  capacity?: CapacityResult;
  budgets: BudgetCheck[];
  run: Record<string, unknown>;
}): BenchReport {
  const bundles: BenchReport['bundles'] = {};
  const baselines: BenchReport['baselines'] = {};
  for (const [name, { runs: _runs, ...figures }] of Object.entries(parts.bundles ?? {})) {
    if (!parts.baselineNames.has(name)) bundles[name] = figures;
    else if (name !== parts.helloName) baselines[name] = figures;
  }

  const ops: BenchReport['ops'] = {};
  const peerOps: NonNullable<BenchReport['peer']>['ops'] = {};
  const ratios: NonNullable<BenchReport['peer']>['ratios'] = {};
  for (const result of parts.ops ?? []) {
    const ours = result.ours;
    if (!ours) continue;
    ops[result.name] = {
      p50Ms: ours.p50Ms,
      p99Ms: ours.p99Ms,
      rps: ours.rps,
      cpuMsPerRequest: ours.cpuMsPerRequest ?? null,
      dynamoCalls: ours.dynamoCalls,
      reads: ours.reads,
      writes: ours.writes,
      byCommand: ours.byCommand,
    };
    if (result.peer) {
      peerOps[result.name] = {
        p50Ms: result.peer.p50Ms,
        p99Ms: result.peer.p99Ms,
        rps: result.peer.rps,
        cpuMsPerRequest: result.peer.cpuMsPerRequest ?? null,
      };
      const p50 = ratio(ours.p50Ms, result.peer.p50Ms);
      const rps = ratio(ours.rps, result.peer.rps);
      ratios[result.name] = {
        p50: p50 === undefined ? null : round(p50),
        rps: rps === undefined ? null : round(rps),
      };
    }
  }

  return {
    bundles,
    helloInitMs: parts.bundles?.[parts.helloName]?.initMs ?? null,
    baselines,
    ops,
    peer: parts.peerName ? { name: parts.peerName, ops: peerOps, ratios } : null,
    scale: parts.scale?.scale ?? {},
    scaleInfo: parts.scale?.info ?? {},
    capacity: parts.capacity ?? null,
    budgets: parts.budgets,
    run: {
      ...parts.run,
      ...(parts.scale
        ? { largeTeam: parts.scale.largeTeam, seedSeconds: parts.scale.seedSeconds }
        : {}),
    },
  };
}

/** Renders the report as the human-readable tables. */
export function renderTables(report: BenchReport): string {
  const out: string[] = [];
  const table = (title: string, head: string[], rows: (string | number)[][]) => {
    const cells = [head, ...rows.map((row) => row.map(String))];
    const widths = head.map((_, i) =>
      Math.max(...cells.map((row) => (row[i] ?? '').length)),
    );
    const line = (row: string[]) =>
      row
        .map((cell, i) =>
          i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
        )
        .join('  ');
    out.push(
      '',
      title,
      line(head),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...cells.slice(1).map(line),
    );
  };
  const fmt = (value: number | null | undefined, digits = 2) =>
    value === null || value === undefined ? '-' : value.toFixed(digits);

  if (Object.keys(report.bundles).length > 0) {
    table(
      `Bundles (esbuild as the CDK stack bundles; cold start = new Node process to first response, median; hello-world ${fmt(report.helloInitMs, 1)} ms)`,
      ['function', 'KB', 'cold ms', 'x hello', 'load ms', '1st req ms'],
      [
        ...Object.entries(report.bundles),
        ...Object.entries(report.baselines ?? {}).map(
          ([name, b]) => [`(baseline) ${name}`, b] as const,
        ),
      ].map(([name, b]) => [
        name,
        (b.bytes / 1000).toFixed(1),
        fmt(b.initMs, 1),
        report.helloInitMs ? fmt(b.initMs / report.helloInitMs, 1) : '-',
        fmt(b.requireMs, 1),
        fmt(b.firstRequestMs, 1),
      ]),
    );
  }

  if (Object.keys(report.ops).length > 0) {
    const peer = report.peer;
    table(
      `Operations through the local gateway (${String(report.run.concurrency)} clients, ${String(report.run.requests)} requests each)${peer ? `; peer: ${peer.name}` : ''}`,
      [
        'operation',
        'calls',
        'R',
        'W',
        'p50 ms',
        'p99 ms',
        'rps',
        'cpu ms',
        ...(peer ? ['peer p50', 'peer rps', 'peer cpu ms', 'p50 x', 'rps x'] : []),
      ],
      Object.entries(report.ops).map(([name, o]) => [
        name,
        o.dynamoCalls,
        o.reads,
        o.writes,
        fmt(o.p50Ms, 1),
        fmt(o.p99Ms, 1),
        fmt(o.rps, 0),
        fmt(o.cpuMsPerRequest, 2),
        ...(peer
          ? [
              fmt(peer.ops[name]?.p50Ms, 1),
              fmt(peer.ops[name]?.rps, 0),
              fmt(peer.ops[name]?.cpuMsPerRequest, 2),
              fmt(peer.ratios[name]?.p50),
              fmt(peer.ratios[name]?.rps),
            ]
          : []),
      ]),
    );
  }

  const scaleRows = [
    ...Object.entries(report.scale).map(([name, s]) => [name, s, '']),
    ...Object.entries(report.scaleInfo).map(([name, s]) => [name, s, '(info)']),
  ] as [string, { at1k: number; at100k: number | null }, string][];
  if (scaleRows.length > 0) {
    table(
      `Scale: median ms, one request at a time, 1,000 vs ${String(report.run.largeTeam)} users in one team`,
      ['operation', '1k ms', 'large ms', 'x', ''],
      scaleRows.map(([name, s, note]) => [
        name,
        fmt(s.at1k, 1),
        fmt(s.at100k, 1),
        s.at100k === null ? '-' : fmt(s.at100k / s.at1k),
        note,
      ]),
    );
  }

  const capacity = report.capacity;
  if (capacity) {
    table(
      `Capacity: the same load spread over ${capacity.teams} teams, then aimed at one hot team`,
      ['operation', 'spread rps', 'hot rps', 'hot/spread', 'spread p99', 'hot p99'],
      (['getUser', 'create'] as const).map((name) => [
        name,
        fmt(capacity[name].spread.rps, 0),
        fmt(capacity[name].hot.rps, 0),
        fmt(capacity[name].hot.rps / capacity[name].spread.rps),
        fmt(capacity[name].spread.p99Ms, 1),
        fmt(capacity[name].hot.p99Ms, 1),
      ]),
    );
  }

  table(
    'Budgets (issue 8)',
    ['result', 'budget', 'measured'],
    report.budgets.map((b) => [
      b.pass === null ? 'n/a' : b.pass ? 'PASS' : 'FAIL',
      b.budget,
      b.measured,
    ]),
  );
  out.push('', `run: ${JSON.stringify(report.run)}`, '');
  return out.join('\n');
}
