/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** Print one JSON document instead of the table. */
  readonly json: boolean;
  /** A short run: fewer requests, fewer cold starts, a smaller large team. */
  readonly quick: boolean;
  /** Users in the large team of the scale step (100,000 unless --quick or --large-team). */
  readonly largeTeam: number;
  /** Requests per operation in the latency step. */
  readonly requests: number;
  /** Concurrent clients in the latency step. */
  readonly concurrency: number;
  /** Cold starts per bundle. */
  readonly coldStarts: number;
  /** Steps to run (all by default). */
  readonly steps: ReadonlySet<BenchStep>;
  /** Render the tables of a saved `--json` document instead of running. */
  readonly from?: string;
}

/** The parts of the benchmark, each selectable with --only. */
export const BENCH_STEPS = ['bundles', 'ops', 'peer', 'scale', 'capacity'] as const;

/** One part of the benchmark. */
export type BenchStep = (typeof BENCH_STEPS)[number];

const USAGE = `usage: npm run bench -- [--json] [--quick] [--large-team N] [--requests N]
       [--concurrency N] [--cold-starts N] [--only ${BENCH_STEPS.join(',')}]
       npm run bench -- --from saved.json   (the tables of a saved --json run)`;

const KNOWN = new Set([
  'json',
  'quick',
  'large-team',
  'requests',
  'concurrency',
  'cold-starts',
  'only',
  'from',
]);

/** Parses argv (without node and the script); throws with the usage on anything unknown. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!name.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);

    const key = name.slice(2);
    if (!KNOWN.has(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
    if (key === 'json' || key === 'quick') {
      flags.set(key, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
    flags.set(key, value);
  }

  const quick = flags.get('quick') === true;
  return {
    json: flags.get('json') === true,
    quick,
    largeTeam: positive(flags, 'large-team', quick ? 10_000 : 100_000),
    requests: positive(flags, 'requests', quick ? 100 : 600),
    concurrency: positive(flags, 'concurrency', 8),
    coldStarts: positive(flags, 'cold-starts', quick ? 3 : 7),
    steps: parseSteps(flags.get('only')),
    ...(typeof flags.get('from') === 'string'
      ? { from: flags.get('from') as string }
      : {}),
  };
}

function positive(flags: Map<string, string | true>, key: string, fallback: number) {
  const raw = flags.get(key);
  if (raw === undefined) return fallback;

  const value = Number(String(raw).replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `--${key} must be a positive integer, got "${String(raw)}"\n${USAGE}`,
    );
  }
  return value;
}

function parseSteps(raw: string | true | undefined): ReadonlySet<BenchStep> {
  if (raw === undefined || raw === true) return new Set(BENCH_STEPS);

  const steps = raw.split(',').map((step) => step.trim());
  for (const step of steps) {
    if (!(BENCH_STEPS as readonly string[]).includes(step)) {
      throw new Error(`--only takes ${BENCH_STEPS.join(', ')}; got "${step}"\n${USAGE}`);
    }
  }
  return new Set(steps as BenchStep[]);
}
