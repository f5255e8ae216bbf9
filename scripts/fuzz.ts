/**
 * `npm run fuzz -- [--runs N] [--seed S]`: sends N (default 10,000)
 * generated requests through a local server and fails on any 5xx or any
 * error that is not a SCIM error body.
 */
import { parseArgs } from 'node:util';

import { runFuzz } from '../test/fuzz/run-fuzz';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, seed: { type: 'string' } },
  });
  const runs = Number(values.runs ?? 10_000);
  const seed = values.seed === undefined ? Date.now() : Number(values.seed);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive integer`);

  const started = Date.now();
  const summary = await runFuzz(runs, seed);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  console.log(
    `fuzz: ${summary.requests} requests in ${seconds} s (seed ${summary.seed})`,
  );
  console.log(`statuses: ${JSON.stringify(summary.byStatus)}`);
  console.log(`log lines containing the token: ${summary.leakedToken}`);
  if (summary.failure) {
    console.log(`FAILED: ${summary.failure.problem}`);
    console.log(JSON.stringify(summary.failure.request, null, 2).slice(0, 4000));
    process.exitCode = 1;
  } else if (summary.leakedToken > 0) {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(
    `fuzz could not run: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
