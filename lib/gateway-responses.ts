/**
 * The responses API Gateway itself produces (no handler involved), as SCIM
 * errors. The CDK stack turns these into gateway responses and the local
 * emulation serves the same bodies, so both answer alike.
 */

/** Gateway response types this service shapes (API Gateway's names). */
export type GatewayResponseType =
  | 'UNAUTHORIZED'
  | 'ACCESS_DENIED'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'REQUEST_TOO_LARGE'
  | 'THROTTLED'
  | 'AUTHORIZER_FAILURE'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

/** One gateway response: the status it answers with, its SCIM detail, extra headers. */
export interface GatewayResponse {
  readonly type: GatewayResponseType;
  readonly statusCode: number;
  readonly detail: string;
  readonly scimType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Authorizer context key whose value, when the authorizer set it,
   * replaces `detail` (`$context.authorizer.<key>` on API Gateway).
   */
  readonly detailFromAuthorizer?: string;
}

/** Seconds a throttled client is asked to wait. */
export const RETRY_AFTER_SECONDS = 1;

/** Every gateway response, keyed by type. */
export const GATEWAY_RESPONSES: Readonly<Record<GatewayResponseType, GatewayResponse>> = {
  UNAUTHORIZED: {
    type: 'UNAUTHORIZED',
    statusCode: 401,
    detail:
      'Missing, malformed, unknown or revoked bearer token; send Authorization: Bearer <token> with a token your team administrator issued',
  },
  ACCESS_DENIED: {
    type: 'ACCESS_DENIED',
    statusCode: 403,
    detail: 'This token may not use the SCIM API; ask your team administrator',
    // The authorizer's Deny carries why (such as SCIM switched off for the team).
    detailFromAuthorizer: 'reason',
  },
  MISSING_AUTHENTICATION_TOKEN: {
    // API Gateway answers an unknown route (or method) this way; for SCIM it is a 404.
    type: 'MISSING_AUTHENTICATION_TOKEN',
    statusCode: 404,
    detail:
      'No such SCIM endpoint or method; see /scim/v2/ResourceTypes for what is served',
  },
  REQUEST_TOO_LARGE: {
    type: 'REQUEST_TOO_LARGE',
    statusCode: 413,
    detail: 'The request body is larger than the 10 MB the API accepts',
  },
  THROTTLED: {
    type: 'THROTTLED',
    statusCode: 429,
    detail: 'Too many requests; retry after the number of seconds in Retry-After',
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  },
  AUTHORIZER_FAILURE: {
    // The authorizer could not check the token (the table was unreachable or
    // throttled): a retry may succeed, so this is 503, not API Gateway's 500.
    type: 'AUTHORIZER_FAILURE',
    statusCode: 503,
    detail: 'The token could not be checked just now; retry after the Retry-After delay',
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  },
  DEFAULT_4XX: {
    type: 'DEFAULT_4XX',
    statusCode: 400,
    detail: 'The request was refused by the API gateway',
  },
  DEFAULT_5XX: {
    type: 'DEFAULT_5XX',
    statusCode: 502,
    detail: 'The service failed to answer; retry later',
  },
};

/**
 * The SCIM error body of a gateway response, as JSON text. With the
 * authorizer's context, a `detailFromAuthorizer` value found there is the
 * detail, as API Gateway's template substitution gives it.
 */
export function gatewayResponseBody(
  response: GatewayResponse,
  statusCode = response.statusCode,
  authorizerContext?: Readonly<Record<string, unknown>> | null,
): string {
  const fromAuthorizer = response.detailFromAuthorizer
    ? authorizerContext?.[response.detailFromAuthorizer]
    : undefined;
  return JSON.stringify({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(statusCode),
    ...(response.scimType ? { scimType: response.scimType } : {}),
    detail:
      typeof fromAuthorizer === 'string' && fromAuthorizer !== ''
        ? fromAuthorizer
        : response.detail,
  });
}

/**
 * The `application/json` response template API Gateway uses for a gateway
 * response: the same body, with the detail taken from
 * `$context.authorizer.<key>` for responses that name one (our authorizer
 * sets that key on every Deny, and its values hold no quotes).
 */
export function gatewayResponseTemplate(response: GatewayResponse): string {
  if (!response.detailFromAuthorizer) return gatewayResponseBody(response);
  const marker = '__DETAIL_FROM_AUTHORIZER__';
  return gatewayResponseBody({ ...response, detail: marker }).replace(
    `"${marker}"`,
    `"$context.authorizer.${response.detailFromAuthorizer}"`,
  );
}

/** Largest request body API Gateway accepts (REST API payload limit). */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
