/**
 * The load generator, run as a child process so that the clients' work
 * never shares an event loop with the service under test. It answers
 * each {@link LoadJob} message with a {@link LoadResult}.
 */
import { performance } from 'node:perf_hooks';

import type { WireRequest } from './request-spec';

/** A batch of requests for the worker: sent in order by `concurrency` clients. */
export interface LoadJob {
  readonly requests: readonly WireRequest[];
  readonly concurrency: number;
  readonly expect: readonly number[];
}

/** What the worker measured for a job. */
export interface LoadResult {
  /** Per-request latency in ms, in completion order. */
  readonly latenciesMs: number[];
  readonly wallMs: number;
  /** Requests answered with a status outside `expect`, or failed. */
  readonly errors: number;
  /** The first unexpected answer, to tell the operator what went wrong. */
  readonly firstError?: string;
}

/** Runs a job: closed-loop clients, each sending its next request when the last is answered. */
export async function runJob(job: LoadJob): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;

  const client = async () => {
    for (let i = next++; i < job.requests.length; i = next++) {
      const request = job.requests[i] as WireRequest;
      const started = performance.now();
      try {
        const response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body,
        });
        const text = await response.text();
        latenciesMs.push(performance.now() - started);
        if (!job.expect.includes(response.status)) {
          errors++;
          firstError ??= `${request.method} ${request.url} -> ${response.status} ${text.slice(0, 300)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= `${request.method} ${request.url} -> ${String(error)}`;
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, client));
  return { latenciesMs, wallMs: performance.now() - started, errors, firstError };
}

if (require.main === module) {
  process.on('message', (job: LoadJob) => {
    runJob(job).then(
      (result) => process.send?.(result),
      (error: unknown) =>
        process.send?.({
          latenciesMs: [],
          wallMs: 0,
          errors: 1,
          firstError: String(error),
        }),
    );
  });
}
