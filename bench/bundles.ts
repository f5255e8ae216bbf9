import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { build } from 'esbuild';

import { SCIM_BUNDLING, SCIM_NODE_OPTIONS } from '../lib/constructs/scim-function';

import type { ColdStartTimes } from './cold-start-probe';
import { median, round } from './stats';

const run = promisify(execFile);

/** Where the handler modules live (as lib/constructs/scim-function.ts has it). */
const HANDLER_DIR = path.join(__dirname, '..', 'lambdas', 'handlers');

/** One bundle to measure: a handler module, or the hello-world baseline. */
export interface BundleEntry {
  readonly name: string;
  /** The entry file. */
  readonly entry: string;
  /** The event its first request serves. */
  readonly event: unknown;
}

/** Size and cold start of one bundle. */
export interface BundleResult {
  readonly bytes: number;
  /** Median of process start to first response. */
  readonly initMs: number;
  /** Medians of the parts: loading the bundle, and the first request. */
  readonly requireMs: number;
  readonly firstRequestMs: number;
  readonly runs: number;
}

/** The Lambda environment of the cold-started functions: the local table and key. */
export interface ColdStartEnvironment {
  readonly [name: string]: string;
}

/** The handler entry of a module under lambdas/handlers/, if the file exists. */
export function handlerEntry(name: string): string | undefined {
  const entry = path.join(HANDLER_DIR, `${name}.ts`);
  return existsSync(entry) ? entry : undefined;
}

/**
 * Bundles each entry as the CDK stack does (NodejsFunction with
 * `SCIM_BUNDLING` of lib/constructs/scim-function.ts: esbuild, bundle,
 * platform node, target node22, CommonJS, ES module builds first,
 * minified, source maps without sources content, AWS SDK bundled but for
 * the packages a function never loads on Lambda), then starts each `runs`
 * times in a new Node process with the functions' Node options
 * (`SCIM_NODE_OPTIONS`, as deployed) that imports the bundle and serves
 * one event. Runs are interleaved across bundles so that noise falls on
 * all of them alike. The bundles are written outside the project, where
 * the packages left out cannot be resolved: a bundle that needed one to
 * load or to serve its event fails here.
 */
export async function measureBundles(
  entries: readonly BundleEntry[],
  env: ColdStartEnvironment,
  runs: number,
  progress: (line: string) => void,
): Promise<Record<string, BundleResult>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-'));
  try {
    const probe = path.join(dir, 'probe.js');
    await build({
      entryPoints: [path.join(__dirname, 'cold-start-probe.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: probe,
      logLevel: 'silent',
    });

    const bundles = new Map<string, { file: string; eventFile: string; bytes: number }>();
    for (const entry of entries) {
      const outDir = path.join(dir, entry.name);
      mkdirSync(outDir);
      const file = path.join(outDir, 'index.js');
      const result = await build({
        entryPoints: [entry.entry],
        bundle: true,
        platform: 'node',
        target: SCIM_BUNDLING.target,
        format: SCIM_BUNDLING.format,
        mainFields: [...SCIM_BUNDLING.mainFields],
        minify: SCIM_BUNDLING.minify,
        sourcemap: SCIM_BUNDLING.sourceMap,
        sourcesContent: SCIM_BUNDLING.sourcesContent,
        external: [...SCIM_BUNDLING.externalModules],
        supported: supportedFromArgs(SCIM_BUNDLING.esbuildArgs),
        metafile: true,
        // The baselines are written outside the project; let them find its packages.
        nodePaths: [path.join(__dirname, '..', 'node_modules')],
        outfile: file,
        logLevel: 'silent',
      });
      const output = Object.entries(result.metafile.outputs).find(([out]) =>
        out.endsWith('index.js'),
      );
      const eventFile = path.join(outDir, 'event.json');
      writeFileSync(eventFile, JSON.stringify(entry.event));
      bundles.set(entry.name, { file, eventFile, bytes: output?.[1].bytes ?? 0 });
    }

    const times = new Map<string, ColdStartTimes[]>();
    for (let k = 0; k < runs; k++) {
      progress(`cold starts: round ${k + 1} of ${runs}`);
      for (const [name, bundle] of bundles) {
        const { stdout } = await run(
          process.execPath,
          [...SCIM_NODE_OPTIONS, probe, bundle.file, bundle.eventFile],
          { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
        );
        const measured = JSON.parse(
          stdout.trim().split('\n').pop() ?? '{}',
        ) as ColdStartTimes;
        if (measured.statusCode !== undefined && measured.statusCode >= 400) {
          throw new Error(
            `The ${name} bundle answered ${measured.statusCode} on its first request`,
          );
        }
        (times.get(name) ?? times.set(name, []).get(name))?.push(measured);
      }
    }

    const results: Record<string, BundleResult> = {};
    for (const [name, bundle] of bundles) {
      const samples = times.get(name) ?? [];
      results[name] = {
        bytes: bundle.bytes,
        initMs: round(median(samples.map((t) => t.totalMs))),
        requireMs: round(median(samples.map((t) => t.requireMs))),
        firstRequestMs: round(median(samples.map((t) => t.firstRequestMs))),
        runs: samples.length,
      };
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The esbuild `supported` option from the stack's CLI arguments
 * (`--supported:feature=true|false`); any other argument is refused, so
 * that the benchmark never silently bundles differently from the stack.
 */
export function supportedFromArgs(
  args: Readonly<Record<string, string | boolean>>,
): Record<string, boolean> {
  const supported: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(args)) {
    const feature = /^--supported:([\w-]+)$/.exec(key)?.[1];
    if (feature === undefined || (value !== 'true' && value !== 'false')) {
      throw new Error(
        `bench/bundles.ts does not know how to apply the esbuild argument ${key}=${String(value)}; teach it, so that the benchmark bundles as the stack does`,
      );
    }
    supported[feature] = value === 'true';
  }
  return supported;
}

/** Writes the hello-world handler the bundles are compared with; returns its entry file. */
export function writeHelloWorld(dir: string): string {
  const entry = path.join(dir, 'hello-world.ts');
  writeFileSync(
    entry,
    "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n",
  );
  return entry;
}

/**
 * Writes a function that does nothing but what every data function must:
 * build the DynamoDB document client (as lambdas/store/client.ts does)
 * and make one GetItem. Beside it, a data function's cold start shows how
 * much is ours and how much the AWS SDK's.
 */
export function writeSdkBaseline(dir: string): string {
  const entry = path.join(dir, 'sdk-get-item.ts');
  const client = path.join(__dirname, '..', 'lambdas', 'store', 'client');
  const config = path.join(__dirname, '..', 'lambdas', 'runtime', 'config');
  writeFileSync(
    entry,
    [
      "import { GetCommand } from '@aws-sdk/lib-dynamodb';",
      `import { createDocumentClient } from ${JSON.stringify(client)};`,
      `import { loadConfig } from ${JSON.stringify(config)};`,
      'const config = loadConfig();',
      'const db = createDocumentClient(config);',
      'export const handler = async () => {',
      "  await db.send(new GetCommand({ TableName: config.tableName, Key: { pk: 'BENCH', sk: 'BENCH' } }));",
      "  return { statusCode: 200, body: 'read' };",
      '};',
      '',
    ].join('\n'),
  );
  return entry;
}
