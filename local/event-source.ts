import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/** A function the stream invokes. */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<unknown>;

/** Options of {@link LocalEventSource}. */
export interface EventSourceOptions {
  readonly batchSize: number;
  /** Retries of a failing batch before its records are given up (logged), as the DLQ would get them. */
  readonly retryAttempts: number;
  /** Which records reach the handler (the mapping's filter). */
  readonly filter: (record: DynamoDBRecord) => boolean;
  /** First pause before a retry, doubled each time. */
  readonly retryDelayMs?: number;
  readonly log: (line: string) => void;
}

/**
 * The local stand-in for a Lambda event source mapping on a DynamoDB
 * stream: records are filtered, queued in stream order and handed to the
 * handler in batches, one batch at a time (one shard, parallelization
 * factor 1), soon after they are written but never inside the write's
 * request, as on AWS. A failing batch is split in two and retried (the
 * mapping's bisect on error), after a growing pause, up to
 * `retryAttempts` times; then its records are dropped with an error log
 * line, where AWS would send them to the dead-letter queue.
 */
export class LocalEventSource {
  private readonly queue: DynamoDBRecord[] = [];
  private running: Promise<void> | undefined;
  private paused = false;

  constructor(
    private readonly handler: StreamHandler,
    private readonly options: EventSourceOptions,
  ) {}

  /** Adds a record written to the table. */
  push(record: DynamoDBRecord): void {
    if (!this.options.filter(record)) return;
    this.queue.push(record);
    this.start();
  }

  /**
   * Holds records back until {@link resume}, as a slow or failing feed
   * on AWS would (tests use it to see the service while the feed lags).
   */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (this.queue.length > 0) this.start();
  }

  /** Records waiting to be handled. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Resolves once every record pushed so far has been handled (or given up). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    if (this.running || this.paused) return;
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined;
        // Records pushed while the last batch finished.
        if (this.queue.length > 0 && !this.paused) this.start();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.paused) {
      const batch = this.queue.splice(0, this.options.batchSize);
      await this.deliver(batch, 0);
    }
  }

  private async deliver(batch: DynamoDBRecord[], attempt: number): Promise<void> {
    try {
      await this.handler({ Records: batch });
      return;
    } catch (error) {
      if (attempt >= this.options.retryAttempts) {
        this.options.log(
          JSON.stringify({
            level: 'error',
            time: new Date().toISOString(),
            message: 'change feed records given up (dead-letter queue on AWS)',
            records: batch.length,
            firstSequence: batch[0]?.dynamodb?.SequenceNumber,
            errorName: error instanceof Error ? error.name : typeof error,
          }),
        );
        return;
      }
    }
    await pause((this.options.retryDelayMs ?? 20) * 2 ** Math.min(attempt, 6));
    if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await this.deliver(batch.slice(0, half), attempt + 1);
      await this.deliver(batch.slice(half), attempt + 1);
    } else {
      await this.deliver(batch, attempt + 1);
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
