/**
 * Run in a fresh Node process by the bundle step: imports one bundle,
 * serves one event, prints one JSON line of timings and exits. Times are
 * from `performance.now()`, whose zero is the start of this process.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The timings of one cold start, in ms from process start. */
export interface ColdStartTimes {
  /** When this script began (Node's own start-up). */
  readonly bootMs: number;
  /** Loading and initialising the bundle. */
  readonly requireMs: number;
  /** The first invocation, including its DynamoDB calls. */
  readonly firstRequestMs: number;
  /** Process start to the first response. */
  readonly totalMs: number;
  readonly statusCode?: number;
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number }>;

async function probe(bundle: string, eventFile: string): Promise<ColdStartTimes> {
  const bootMs = performance.now();
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as unknown;

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is only known at run time
  const { handler } = require(bundle) as { handler: Handler };
  const loadedMs = performance.now();

  const result = await handler(event, {
    awsRequestId: 'cold-start',
    functionName: 'cold-start',
    getRemainingTimeInMillis: () => 10_000,
  });
  const doneMs = performance.now();

  return {
    bootMs,
    requireMs: loadedMs - bootMs,
    firstRequestMs: doneMs - loadedMs,
    totalMs: doneMs,
    ...(typeof result?.statusCode === 'number' ? { statusCode: result.statusCode } : {}),
  };
}

const [bundle, eventFile] = process.argv.slice(2);
if (!bundle || !eventFile)
  throw new Error('usage: cold-start-probe <bundle.js> <event.json>');
probe(bundle, eventFile).then(
  (times) => {
    process.stdout.write(`${JSON.stringify(times)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
