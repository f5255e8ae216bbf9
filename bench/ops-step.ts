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

    const ourRun = await loadRun(ours, operation, load, options);
    const calls = await countCalls(ours, operation, options.requests);
    const peerRun = peer ? await loadRun(peer, operation, load, options) : undefined;
    results.push({
      name: operation.name,
      label: operation.label,
      ours: { ...ourRun.summary, ...calls },
      ...(peerRun ? { peer: peerRun.summary } : {}),
      ...(ourRun.firstError || peerRun?.firstError
        ? { firstError: ourRun.firstError ?? peerRun?.firstError }
        : {}),
    });
  }
  return results;
}

async function loadRun(
  target: Target,
  operation: Operation,
  load: LoadClient,
  options: { readonly requests: number; readonly concurrency: number },
): Promise<{ summary: LoadSummary; firstError?: string }> {
  const wire = (i: number) =>
    toWire(operation.build(target.state, i), target.baseUrl, target.token);
  const warmUp = Array.from({ length: WARM_UP_REQUESTS }, (_, j) =>
    wire(options.requests + j),
  );
  await load.run({
    requests: warmUp,
    concurrency: options.concurrency,
    expect: operation.expect,
  });

  const requests = Array.from({ length: options.requests }, (_, i) => wire(i));
  const result = await load.run({
    requests,
    concurrency: options.concurrency,
    expect: operation.expect,
  });
  return {
    summary: summarize(result.latenciesMs, result.wallMs, result.errors),
    ...(result.firstError ? { firstError: `${target.name}: ${result.firstError}` } : {}),
  };
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
