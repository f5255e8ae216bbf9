import fc from 'fast-check';

import { startLocalService } from '../../local/local-service';
import { responseProblem } from './check-response';
import { fuzzRequest, type FuzzRequest } from './request-arbitrary';

/** What a fuzz run did. */
export interface FuzzSummary {
  readonly requests: number;
  readonly byStatus: Record<string, number>;
  readonly seed: number;
  /** The first request that broke a rule, shrunk, with what was wrong. */
  readonly failure?: { request: FuzzRequest; problem: string };
  /** Log lines that contain the token (must be none). */
  readonly leakedToken: number;
}

/**
 * Sends `numRuns` generated requests through a fresh in-memory local
 * service and checks every answer: never a 5xx, every error a SCIM error
 * body with the HTTP status as its `status`.
 */
export async function runFuzz(numRuns: number, seed = Date.now()): Promise<FuzzSummary> {
  const logs: string[] = [];
  const service = await startLocalService({
    port: 0,
    memory: true,
    log: (line) => logs.push(line),
  });
  const origin = service.baseUrl.replace(/\/scim\/v2$/, '');
  const byStatus: Record<string, number> = {};
  let requests = 0;

  try {
    const token = await service.issueToken('default', 'fuzz');
    const ids: string[] = [];
    const userNames: string[] = [];
    for (let i = 0; i < 5; i++) {
      const userName = `fuzz.seed.${i}@example.com`;
      const created = await fetch(`${service.baseUrl}/Users`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ userName, name: { givenName: 'F', familyName: `S${i}` } }),
      });
      ids.push(((await created.json()) as { id: string }).id);
      userNames.push(userName);
    }

    let failure: FuzzSummary['failure'];
    const property = fc.asyncProperty(
      fuzzRequest({ ids, userNames, token }),
      async (request) => {
        requests += 1;
        const response = await fetch(`${origin}${request.url}`, {
          method: request.method,
          headers: request.headers,
          body: request.body,
        });
        const text = await response.text();
        byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;

        const problem = responseProblem(
          request.method,
          response.status,
          response.headers,
          text,
        );
        if (problem) {
          failure = { request, problem };
          return false;
        }
        return true;
      },
    );

    const details = await fc.check(property, { numRuns, seed, endOnFailure: false });
    return {
      requests,
      byStatus,
      seed,
      ...(details.failed && failure ? { failure } : {}),
      leakedToken: logs.filter((line) => line.includes(token)).length,
    };
  } finally {
    await service.close();
  }
}
