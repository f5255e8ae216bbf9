/**
 * `npm run bench`: bundles and cold starts, DynamoDB round trips,
 * latency and throughput beside a peer (scimmy), scale, and the budgets
 * of issue 8, in one run. `--json` prints one JSON document instead of
 * the tables; `--quick` makes a short run. Progress goes to stderr.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { parseBenchArgs } from './args';
import { checkBudgets } from './budgets';
import { BASELINES, bundleEntries, HELLO_WORLD } from './bundle-entries';
import { measureBundles, type BundleResult } from './bundles';
import { LoadClient } from './load-client';
import { doomedNeeded, measureOperations, type OpResult } from './ops-step';
import { startOurTarget } from './our-target';
import { startPeerTarget } from './peer-target';
import { buildReport, renderTables, type BenchReport } from './report';
import { measureScale, type ScaleResult } from './scale-step';
import { measureCapacity, type CapacityResult } from './capacity-step';

/** Users in the team the operations run against (and in the peer's store). */
const TEAM_USERS = 1_000;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const options = parseBenchArgs(process.argv.slice(2));
  if (options.from) {
    const saved = JSON.parse(readFileSync(options.from, 'utf8')) as BenchReport;
    process.stdout.write(renderTables(saved));
    return;
  }
  const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const started = performance.now();

  const plan = { users: TEAM_USERS, doomed: doomedNeeded(options.requests) };
  progress(`seeding ${plan.users} users (and ${plan.doomed} to delete) in each service`);
  const ours = await startOurTarget(plan);
  const peer = options.steps.has('peer') ? await startPeerTarget(plan) : undefined;
  const load = LoadClient.start();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-entries-'));

  let bundles: Record<string, BundleResult> | undefined;
  let ops: OpResult[] | undefined;
  let scale: ScaleResult | undefined;
  let capacity: CapacityResult | undefined;
  try {
    if (options.steps.has('bundles')) {
      bundles = await measureBundles(
        bundleEntries(ours, scratch),
        {
          TABLE_NAME: ours.service.services.config.tableName,
          DYNAMODB_ENDPOINT: ours.service.dynamoEndpoint,
          AWS_REGION: ours.service.services.config.region,
          SCIM_TOKEN_KEY: process.env.SCIM_TOKEN_KEY ?? '',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        options.coldStarts,
        progress,
      );
    }
    if (options.steps.has('ops') || options.steps.has('peer')) {
      ops = await measureOperations(ours, peer, load, options, progress);
    }
    if (options.steps.has('scale')) {
      scale = await measureScale(
        ours,
        load,
        { largeTeam: options.largeTeam, samples: options.quick ? 7 : 15 },
        progress,
      );
    }
    if (options.steps.has('capacity')) {
      capacity = await measureCapacity(ours, load, options, progress);
    }
  } finally {
    load.close();
    await peer?.close();
    await ours.close();
    rmSync(scratch, { recursive: true, force: true });
  }

  const report = buildReport({
    bundles,
    helloName: HELLO_WORLD,
    baselineNames: BASELINES,
    ops,
    peerName: peer?.name,
    scale,
    capacity,
    budgets: checkBudgets({
      bundles: bundles && withoutBaselines(bundles),
      helloInitMs: bundles?.[HELLO_WORLD]?.initMs,
      ops,
      scale: scale?.scale,
    }),
    run: {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      quick: options.quick,
      requests: options.requests,
      concurrency: options.concurrency,
      coldStarts: options.coldStarts,
      seconds: Math.round((performance.now() - started) / 1000),
    },
  });
  for (const result of ops ?? []) {
    if (result.firstError) progress(`unexpected answer: ${result.firstError}`);
  }
  process.stdout.write(
    options.json ? `${JSON.stringify(report, null, 2)}\n` : renderTables(report),
  );
}

function withoutBaselines(bundles: Record<string, BundleResult>) {
  return Object.fromEntries(
    Object.entries(bundles).filter(([name]) => !BASELINES.has(name)),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
