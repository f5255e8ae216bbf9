import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildSync } from 'esbuild';

import { SCIM_BUNDLING } from '../../lib/constructs/scim-function';
import { mapStackTrace, tracesIn } from '../../scripts/map-stack-trace';

describe('map-stack-trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'map-stack-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("maps a minified bundle's stack trace back to the TypeScript line that threw", () => {
    const entry = path.join(dir, 'thrower.ts');
    writeFileSync(
      entry,
      [
        'export function outer(n: number): number {',
        '  return inner(n) + 1;',
        '}',
        'function inner(n: number): number {',
        "  if (n > 0) throw new Error('boom');",
        '  return n;',
        '}',
        '',
      ].join('\n'),
    );
    const outfile = path.join(dir, 'out', 'index.js');
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: SCIM_BUNDLING.format,
      target: SCIM_BUNDLING.target,
      minify: SCIM_BUNDLING.minify,
      sourcemap: SCIM_BUNDLING.sourceMap,
      sourcesContent: SCIM_BUNDLING.sourcesContent,
      outfile,
      logLevel: 'silent',
    });

    // Run as deployed: a fresh Node without --enable-source-maps.
    const trace = execFileSync(process.execPath, [
      '-e',
      `try { require(${JSON.stringify(outfile)}).outer(1) } catch (e) { process.stdout.write(e.stack) }`,
    ]).toString();
    expect(trace).toMatch(/index\.js:1:\d+/);
    expect(trace).not.toContain('thrower.ts');

    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as Parameters<
      typeof mapStackTrace
    >[1];
    const mapped = mapStackTrace(trace, map);
    expect(mapped).toContain('Error: boom');
    expect(mapped).toMatch(/thrower\.ts:5:\d+/);
    expect(mapped).toMatch(/thrower\.ts:2:\d+/);
  });

  it('takes the stack of each JSON log line, or else the whole text as one trace', () => {
    const logged = [
      JSON.stringify({ level: 'error', message: 'request failed', stack: 'Error: a' }),
      JSON.stringify({ level: 'info', message: 'other' }),
      JSON.stringify({ level: 'error', message: 'request failed', stack: 'Error: b' }),
    ].join('\n');

    expect(tracesIn(logged)).toEqual(['Error: a', 'Error: b']);
    expect(tracesIn('Error: c\n    at x (index.js:1:2)')).toEqual([
      'Error: c\n    at x (index.js:1:2)',
    ]);
  });
});
