/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields of a log line. Never put tokens, hashes, passwords or bodies here. */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

/** Writes one JSON line per entry: a short fixed message plus fields. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Builds a logger that writes to `sink` (stdout by default) at `level` and above. */
export function createLogger(
  level: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
  sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const threshold = ORDER[level] ?? ORDER.info;
  const write =
    (entryLevel: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (ORDER[entryLevel] < threshold) return;
      sink(
        JSON.stringify({
          level: entryLevel,
          time: new Date().toISOString(),
          message,
          ...fields,
        }),
      );
    };

  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
