/**
 * `npx tsx scripts/map-stack-trace.ts <index.js.map> [file]`: rewrites the
 * frames of a stack trace from a deployed (minified) function into
 * positions in the TypeScript sources, using the source map that ships
 * beside the bundle (`cdk.out/asset.<hash>/index.js.map`, the asset of the
 * deployed version). The functions run without `--enable-source-maps`,
 * which would parse the map at every cold start.
 *
 * Reads the trace from the file or stdin: either the trace itself, or log
 * lines as the functions write them (JSON with a `stack` field).
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';

/** A frame's position in the bundle: `index.js:line:column` (1-based, as V8 prints it). */
const BUNDLE_POSITION = /([^\s(]*index\.js):(\d+):(\d+)/g;

/**
 * The trace with every bundle position replaced by its original source,
 * line and column (and name, when the map has one). Sources are shown
 * relative to the working directory when `mapDir` (the map's directory)
 * is given, else as the map names them.
 */
export function mapStackTrace(
  trace: string,
  map: SourceMapPayload,
  mapDir?: string,
): string {
  const sourceMap = new SourceMap(map);
  return trace.replace(
    BUNDLE_POSITION,
    (position, _file, line: string, column: string) => {
      const origin = sourceMap.findOrigin(Number(line), Number(column));
      if (!('fileName' in origin)) return position;
      const source =
        mapDir === undefined
          ? origin.fileName
          : path.relative(process.cwd(), path.resolve(mapDir, origin.fileName));
      const name = origin.name ? ` ${origin.name}` : '';
      return `${source}:${origin.lineNumber}:${origin.columnNumber}${name}`;
    },
  );
}

/** The stack traces in some text: the `stack` of each JSON log line, or else the text itself. */
export function tracesIn(text: string): string[] {
  const stacks = text.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { stack?: unknown };
      return typeof entry.stack === 'string' ? [entry.stack] : [];
    } catch {
      return [];
    }
  });
  return stacks.length > 0 ? stacks : [text];
}

function main(): void {
  const [mapFile, traceFile] = process.argv.slice(2);
  if (!mapFile) {
    throw new Error(
      'usage: map-stack-trace <index.js.map> [file with the trace or log lines]',
    );
  }
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload;
  const text = readFileSync(traceFile ?? 0, 'utf8');
  for (const trace of tracesIn(text))
    process.stdout.write(`${mapStackTrace(trace, map, path.dirname(mapFile))}\n`);
}

if (require.main === module) main();
