import type { APIGatewayProxyResult } from 'aws-lambda';

import { ScimError } from '../scim/errors';
import { storeFailure } from '../store/dynamo-failure';

/** The media type of every response (RFC 7644 §3.1). */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** What a handler returns: a status, an optional JSON body and extra headers. */
export interface ScimResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Headers every response carries: SCIM media type, and no caching of personal data. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': SCIM_CONTENT_TYPE,
  'Cache-Control': 'no-store',
};

/** Turns a handler's response into a proxy result. */
export function toProxyResult(response: ScimResponse): APIGatewayProxyResult {
  return {
    statusCode: response.status,
    headers: { ...COMMON_HEADERS, ...response.headers },
    body: response.body === undefined ? '' : JSON.stringify(response.body),
  };
}

/**
 * The proxy result for an error: a {@link ScimError} as it is, a store
 * outage as 429/503 with Retry-After, anything else a generic 500.
 */
export function errorResult(error: unknown): APIGatewayProxyResult {
  const scimError =
    error instanceof ScimError
      ? error
      : (storeFailure(error) ??
        new ScimError(
          500,
          'The service failed to handle the request; it has been logged',
        ));
  return toProxyResult({
    status: scimError.status,
    body: scimError.toBody(),
    headers: scimError.headers,
  });
}
