import type { LoadClient } from './load-client';
import { OPERATIONS, type Operation, type OperationName } from './operations';
import type { OurTarget } from './our-target';
import { toWire } from './request-spec';
import { summarize, type LoadSummary } from './stats';
import type { Target } from './target';

/** Requests per operation sent before measuring (JIT, connections), excluded from the figures. */
export const WARM_UP_REQUESTS = 20;

/** Requests per operation whose DynamoDB calls are counted (the most calls of any is reported). */
export const COUNTED_REQUESTS = 5;

/** Our figures for one operation: latency, throughput and DynamoDB calls. */
export interface OurOpResult extends LoadSummary {
  /** The most DynamoDB calls any counted request made. */
  readonly dynamoCalls: number;
  readonly reads: number;
  readonly writes: number;
  /** Writes summed over the counted requests (the authorizer's last-used write is once a minute). */
  readonly writesInAll: number;
  readonly byCommand: Readonly<Record<string, number>>;
}

/** Both services' figures for one operation. */
export interface OpResult {
  readonly name: OperationName;
  readonly label: string;
  readonly ours?: OurOpResult;
  readonly peer?: LoadSummary;
  /** The first unexpected answer of either service, if any. */
  readonly firstError?: string;
}

/** How many users a target must make to be deleted for a run of `requests` per operation. */
export const doomedNeeded = (requests: number) =>
  requests + WARM_UP_REQUESTS + COUNTED_REQUESTS;

/**
 * Measures every operation both services support: ours and the peer's
 * back to back per operation, so that both see the same machine load.
 */
export async function measureOperations(
  ours: OurTarget,
  peer: Target | undefined,
  load: LoadClient,
  options: { readonly requests: number; readonly concurrency: number },
  progress: (line: string) => void,
): Promise<OpResult[]> {
  const results: OpResult[] = [];
  for (const operation of OPERATIONS) {
    if (!ours.supports(operation)) continue;
    progress(`ops: ${operation.name}`);

    const targets = peer ? [ours, peer] : [ours];
    const runs = targets.map((target) => new LoadRun(target, operation, load, options));
    for (const run of runs) await run.warmUp();
    // Each service's requests in two halves, taking turns, so that a burst
    // of load from elsewhere on the machine falls on both alike.
    const half = Math.ceil(options.requests / 2);
    for (const [from, to] of [
      [0, half],
      [half, options.requests],
    ] as const) {
      for (const run of runs) await run.measure(from, to);
    }
    const calls = await countCalls(ours, operation, options.requests);

    const [ourRun, peerRun] = runs as [LoadRun, LoadRun | undefined];
    const firstError = ourRun.firstError ?? peerRun?.firstError;
    results.push({
      name: operation.name,
      label: operation.label,
      ours: { ...ourRun.summary(), ...calls },
      ...(peerRun ? { peer: peerRun.summary() } : {}),
      ...(firstError ? { firstError } : {}),
    });
  }
  return results;
}

/** One operation's requests against one service, sent in parts and summarised at the end. */
class LoadRun {
  private readonly latenciesMs: number[] = [];
  private wallMs = 0;
  private cpuMs = 0;
  private errors = 0;
  firstError?: string;

  constructor(
    private readonly target: Target,
    private readonly operation: Operation,
    private readonly load: LoadClient,
    private readonly options: { readonly requests: number; readonly concurrency: number },
  ) {}

  /** Requests past the measured ones (JIT, connections), not counted. */
  async warmUp(): Promise<void> {
    await this.send(this.options.requests, this.options.requests + WARM_UP_REQUESTS);
  }

  /** Sends requests `from` to `to` (exclusive) and keeps their figures. */
  async measure(from: number, to: number): Promise<void> {
    // Both services run in this process (dynalite and the clients do not),
    // and only one is under load at a time: this is its CPU time.
    const cpuBefore = process.cpuUsage();
    const result = await this.send(from, to);
    const cpu = process.cpuUsage(cpuBefore);
    this.cpuMs += (cpu.user + cpu.system) / 1000;
    this.latenciesMs.push(...result.latenciesMs);
    this.wallMs += result.wallMs;
    this.errors += result.errors;
    if (result.firstError)
      this.firstError ??= `${this.target.name}: ${result.firstError}`;
  }

  summary(): LoadSummary {
    return summarize(this.latenciesMs, this.wallMs, this.errors, this.cpuMs);
  }

  private send(from: number, to: number) {
    const requests = Array.from({ length: to - from }, (_, k) =>
      toWire(
        this.operation.build(this.target.state, from + k),
        this.target.baseUrl,
        this.target.token,
      ),
    );
    return this.load.run({
      requests,
      concurrency: this.options.concurrency,
      expect: this.operation.expect,
    });
  }
}

async function countCalls(ours: OurTarget, operation: Operation, requests: number) {
  let reads = 0;
  let writes = 0;
  let dynamoCalls = 0;
  let writesInAll = 0;
  let byCommand: Record<string, number> = {};
  for (let k = 0; k < COUNTED_REQUESTS; k++) {
    const spec = operation.build(ours.state, requests + WARM_UP_REQUESTS + k);
    const counted = await ours.countCalls(operation, spec);
    if (!operation.expect.includes(counted.status)) {
      throw new Error(
        `${operation.name} answered ${counted.status} when counted directly`,
      );
    }
    writesInAll += counted.writes;
    reads = Math.max(reads, counted.reads);
    writes = Math.max(writes, counted.writes);
    if (counted.reads + counted.writes > dynamoCalls) {
      dynamoCalls = counted.reads + counted.writes;
      byCommand = { ...counted.byCommand };
    }
  }
  return { dynamoCalls, reads, writes, writesInAll, byCommand };
}
