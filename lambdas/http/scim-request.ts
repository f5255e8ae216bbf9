import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

import { SCIM_BASE_PATH } from '../../lib/routes';
import { badRequest, ScimError } from '../scim/errors';
import { isRole } from '../scim/roles';
import type { Role } from '../store/team-store';

/** What a handler needs of an API Gateway proxy event, typed. */
export interface ScimRequest {
  readonly method: string;
  /** The route's path template, such as `/scim/v2/Users/{id}`. */
  readonly resource: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Query parameters, already decoded by the gateway (`+` is a space). */
  readonly query: Readonly<Record<string, string>>;
  /** Headers with lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined when there is none. */
  readonly body: unknown;
  /** The team the bearer token belongs to, from the authorizer. */
  readonly teamId: string;
  readonly tokenId: string;
  /** The token's name, from the authorizer context (for the audit trail, without a read). */
  readonly tokenName: string;
  /**
   * The team's default role when the authorizer's context carries it (a
   * copy on the token item); otherwise handlers read the team item.
   */
  readonly defaultRole?: Role;
  /** Absolute base URL of the SCIM API, such as `https://host/prod/scim/v2`. */
  readonly baseUrl: string;
  readonly requestId: string;
}

const JSON_MEDIA_TYPE = /^application\/(?:scim\+)?json\s*(?:;.*)?$/i;

/** Turns a proxy event (payload format 1.0) into a {@link ScimRequest}. */
export function parseRequest(
  event: APIGatewayProxyEvent,
  context: Pick<Context, 'awsRequestId'>,
  fixedBaseUrl?: string,
): ScimRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }

  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }

  const pathParameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    if (value !== undefined) pathParameters[name] = value;
  }

  const authorizer = event.requestContext?.authorizer ?? {};
  const teamId = typeof authorizer.teamId === 'string' ? authorizer.teamId : '';
  if (!teamId) {
    // Only reachable if a route were deployed without the authorizer.
    throw new ScimError(401, 'The request carries no authorized team');
  }

  return {
    method: event.httpMethod.toUpperCase(),
    resource: event.resource,
    pathParameters,
    query,
    headers,
    body: parseBody(event, headers['content-type']),
    teamId,
    tokenId: typeof authorizer.tokenId === 'string' ? authorizer.tokenId : '',
    tokenName: typeof authorizer.tokenName === 'string' ? authorizer.tokenName : '',
    ...(isRole(authorizer.defaultRole) ? { defaultRole: authorizer.defaultRole } : {}),
    baseUrl: fixedBaseUrl ?? deriveBaseUrl(event, headers),
    requestId: event.requestContext?.requestId ?? context.awsRequestId,
  };
}

function parseBody(
  event: APIGatewayProxyEvent,
  contentType: string | undefined,
): unknown {
  if (event.body === null || event.body === undefined || event.body === '')
    return undefined;

  // Any JSON media type is read; a request without Content-Type is read as JSON too.
  if (
    contentType !== undefined &&
    contentType.trim() !== '' &&
    !JSON_MEDIA_TYPE.test(contentType.trim())
  ) {
    throw new ScimError(
      415,
      `Content-Type ${contentType.slice(0, 100)} is not supported; send application/scim+json or application/json`,
    );
  }

  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('invalidSyntax', 'The request body is not valid JSON');
  }
}

/**
 * The API's public base URL: scheme and host from the request, then the
 * part of the request path before the SCIM path (the stage, on the
 * default execute-api host).
 */
function deriveBaseUrl(
  event: APIGatewayProxyEvent,
  headers: Record<string, string>,
): string {
  const protocol = headers['x-forwarded-proto'] ?? 'https';
  const host = event.requestContext?.domainName ?? headers.host ?? 'localhost';
  const fullPath = event.requestContext?.path ?? event.path;
  const prefix = fullPath.endsWith(event.path)
    ? fullPath.slice(0, fullPath.length - event.path.length)
    : '';
  return `${protocol}://${host}${prefix}${SCIM_BASE_PATH}`;
}
