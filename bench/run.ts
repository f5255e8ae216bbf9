/**
 * `npm run bench`: bundles and cold starts, DynamoDB round trips,
 * latency and throughput against a peer, scale, and the budgets of
 * issue 8, in one run. `--json` prints one JSON document instead of the
 * table; `--quick` makes a short run. See bench/README.md.
 */
import { parseBenchArgs } from './args';
import { LoadClient } from './load-client';
import { doomedNeeded, measureOperations } from './ops-step';
import { startOurTarget } from './our-target';
import { startPeerTarget } from './peer-target';

/** Users in the team the operations run against (and in the peer's store). */
const TEAM_USERS = 1_000;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = parseBenchArgs(process.argv.slice(2));
  const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

  const plan = { users: TEAM_USERS, doomed: doomedNeeded(options.requests) };
  progress(`seeding ${plan.users} users in each service`);
  const ours = await startOurTarget(plan);
  const peer = options.steps.has('peer') ? await startPeerTarget(plan) : undefined;
  const load = LoadClient.start();
  try {
    const ops = await measureOperations(ours, peer, load, options, progress);
    process.stdout.write(`${JSON.stringify(ops, null, 2)}\n`);
  } finally {
    load.close();
    await peer?.close();
    await ours.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
