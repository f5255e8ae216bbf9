import type { BundleResult } from './bundles';
import type { OpResult } from './ops-step';
import type { ScaleFigure } from './scale-step';

/** One budget of issue 8 checked against a run. */
export interface BudgetCheck {
  readonly budget: string;
  readonly measured: string;
  /** null when the run did not measure it (a step left out). */
  readonly pass: boolean | null;
}

/** Largest bundle allowed (500 KB, counted in thousands of bytes). */
export const MAX_BUNDLE_BYTES = 500_000;

/** Cold start allowed, as a multiple of the hello-world bundle's. */
export const MAX_COLD_START_RATIO = 2;

/** Latency at 100,000 users allowed, as a multiple of the figure at 1,000. */
export const MAX_SCALE_RATIO = 1.5;

/** What the budgets are checked against. */
export interface BudgetInput {
  readonly bundles?: Readonly<Record<string, BundleResult>>;
  readonly helloInitMs?: number;
  readonly ops?: readonly OpResult[];
  readonly scale?: Readonly<Record<string, ScaleFigure>>;
}

/** Checks every budget of issue 8 that the run measured. */
export function checkBudgets(input: BudgetInput): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const op = (name: string) => input.ops?.find((o) => o.name === name)?.ours;

  if (input.bundles) {
    const bundles = Object.entries(input.bundles);
    const largest = bundles.reduce((a, b) => (b[1].bytes > a[1].bytes ? b : a));
    checks.push({
      budget: `every bundle <= ${MAX_BUNDLE_BYTES / 1000} KB minified`,
      measured: `largest ${largest[0]} ${(largest[1].bytes / 1000).toFixed(1)} KB`,
      pass: largest[1].bytes <= MAX_BUNDLE_BYTES,
    });
    const hello = input.helloInitMs ?? Number.NaN;
    const slowest = bundles.reduce((a, b) => (b[1].initMs > a[1].initMs ? b : a));
    checks.push({
      budget: `every cold start <= ${MAX_COLD_START_RATIO}x hello-world`,
      measured: `slowest ${slowest[0]} ${slowest[1].initMs} ms = ${(slowest[1].initMs / hello).toFixed(1)}x of ${hello} ms`,
      pass: slowest[1].initMs <= MAX_COLD_START_RATIO * hello,
    });
  }

  const calls = (
    name: string,
    budget: string,
    test: (o: NonNullable<ReturnType<typeof op>>) => boolean,
    show: (o: NonNullable<ReturnType<typeof op>>) => string,
  ) => {
    if (!input.ops) return;
    const found = op(name);
    checks.push(
      found
        ? { budget, measured: show(found), pass: test(found) }
        : { budget, measured: `no ${name} route`, pass: false },
    );
  };
  const rw = (o: { reads: number; writes: number }) =>
    `${o.reads} reads, ${o.writes} writes`;
  calls(
    'authorizer',
    'authorizer: 1 read (+ at most 1 write per token per minute)',
    (o) => o.reads <= 1 && o.writesInAll <= 1,
    (o) => `${o.reads} read, ${o.writesInAll} writes in 5 calls`,
  );
  calls('getUser', 'GET /Users/{id}: 1 call', (o) => o.dynamoCalls <= 1, rw);
  calls('lookupUserName', 'userName look-up: <= 2 calls', (o) => o.dynamoCalls <= 2, rw);
  calls('create', 'create: <= 2 writes', (o) => o.writes <= 2, rw);
  calls('patch', 'PATCH: 1 read and 1 write', (o) => o.reads <= 1 && o.writes <= 1, rw);
  calls('groupAdd', 'membership add: 1 write per member', (o) => o.writes <= 1, rw);
  calls('groupRemove', 'membership remove: 1 write per member', (o) => o.writes <= 1, rw);
  calls('membershipCheck', 'membership check: 1 call', (o) => o.dynamoCalls <= 1, rw);

  if (input.scale) {
    for (const [name, figure] of Object.entries(input.scale)) {
      const ratio = figure.at100k === null ? null : figure.at100k / figure.at1k;
      checks.push({
        budget: `scale ${name}: large team <= ${MAX_SCALE_RATIO}x 1k`,
        measured:
          ratio === null
            ? 'large team not measured'
            : `${figure.at1k} -> ${figure.at100k} ms = ${ratio.toFixed(2)}x`,
        pass: ratio === null ? null : ratio <= MAX_SCALE_RATIO,
      });
    }
  }

  for (const name of ['getUser', 'lookupUserName']) {
    const result = input.ops?.find((o) => o.name === name);
    if (!result?.ours || !result.peer) continue;
    const ratio = result.ours.rps / result.peer.rps;
    checks.push({
      budget: `throughput ${name} >= peer's`,
      measured: `${result.ours.rps} vs ${result.peer.rps} rps = ${ratio.toFixed(2)}x`,
      pass: ratio >= 1,
    });
  }
  return checks;
}
