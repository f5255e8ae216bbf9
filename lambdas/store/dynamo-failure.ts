import { ScimError } from '../scim/errors';

/** Seconds a client is asked to wait after the table pushed back. */
export const STORE_RETRY_AFTER_SECONDS = 2;

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Turns a DynamoDB failure that outlasted the SDK's own retries into the
 * answer a client can act on: 429 when the table is throttling, 503 when
 * it is unreachable, both with Retry-After. Anything else is not a store
 * outage and is left alone (undefined).
 */
export function storeFailure(error: unknown): ScimError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const headers = { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) };

  if (THROTTLING.has(error.name)) {
    return new ScimError(
      429,
      'The directory store is busy; retry after the Retry-After delay',
      {
        headers,
        cause: error,
      },
    );
  }
  if (
    UNAVAILABLE.has(error.name) ||
    (typeof code === 'string' && NETWORK_CODES.has(code))
  ) {
    return new ScimError(
      503,
      'The directory store is unavailable; retry after the Retry-After delay',
      {
        headers,
        cause: error,
      },
    );
  }
  return undefined;
}
