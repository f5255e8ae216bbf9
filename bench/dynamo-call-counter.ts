import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB calls seen since the last reset, split into reads and writes. */
export interface DynamoCalls {
  readonly reads: number;
  readonly writes: number;
  /** Calls per command name, such as `GetCommand: 2`. */
  readonly byCommand: Readonly<Record<string, number>>;
}

const READS = /^(Get|BatchGet|Query|Scan|TransactGet)/;

/**
 * Counts the calls a document client makes, with a middleware at the
 * `initialize` step: one count per logical call, before the SDK's own
 * retries (which would only show throttling, absent on dynalite).
 */
export class DynamoCallCounter {
  private counts = new Map<string, number>();

  /** Adds the counting middleware to `db` (once). */
  attach(db: DynamoDBDocumentClient): void {
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName ?? 'unknown');
        this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchDynamoCallCounter', override: true },
    );
  }

  /** Forgets every count. */
  reset(): void {
    this.counts = new Map();
  }

  /** The calls since the last reset. */
  snapshot(): DynamoCalls {
    let reads = 0;
    let writes = 0;
    const byCommand: Record<string, number> = {};
    for (const [name, count] of this.counts) {
      byCommand[name] = count;
      if (READS.test(name)) reads += count;
      else writes += count;
    }
    return { reads, writes, byCommand };
  }
}
