/** Order statistics over latency samples; medians and ratios, never means, because the machine is shared. */

/**
 * The q-quantile (0..1) of `samples` by the nearest-rank method (the
 * smallest sample with at least q of them at or below it), so p99 of 100
 * samples is the 99th smallest. NaN for no samples.
 */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  if (q < 0 || q > 1) throw new RangeError(`quantile must be within 0..1, got ${q}`);

  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/** The median (the nearest-rank 0.5 quantile). */
export const median = (samples: readonly number[]) => quantile(samples, 0.5);

/** Our figure divided by the peer's; undefined when either is missing or the peer's is 0. */
export function ratio(ours: number | undefined, theirs: number | undefined) {
  if (ours === undefined || theirs === undefined) return undefined;
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0)
    return undefined;
  return ours / theirs;
}

/** Rounds to `digits` decimals (for the JSON document and the table). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Latency and throughput of one run of requests. */
export interface LoadSummary {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rps: number;
  readonly requests: number;
  readonly errors: number;
  /**
   * CPU time of the bench process per request while these requests ran,
   * when measured: the service's own process (our gateway and functions,
   * or the peer), without dynalite's process or the load generator's.
   */
  readonly cpuMsPerRequest?: number;
}

/** Summarises per-request latencies, the run's wall time and, if given, the CPU time it took. */
export function summarize(
  latenciesMs: readonly number[],
  wallMs: number,
  errors: number,
  cpuMs?: number,
): LoadSummary {
  const requests = latenciesMs.length;
  return {
    p50Ms: round(quantile(latenciesMs, 0.5)),
    p99Ms: round(quantile(latenciesMs, 0.99)),
    rps: wallMs > 0 ? round((requests * 1000) / wallMs, 1) : 0,
    requests,
    errors,
    ...(cpuMs !== undefined && requests > 0
      ? { cpuMsPerRequest: round(cpuMs / requests, 3) }
      : {}),
  };
}
