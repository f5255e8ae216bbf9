import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { TextDecoder } from 'node:util';

import {
  GATEWAY_RESPONSES,
  gatewayResponseBody,
  MAX_REQUEST_BYTES,
  type GatewayResponseType,
} from '../lib/gateway-responses';
import type { HandlerName, Route } from '../lib/routes';
import type { LocalInvokeEndpoint } from './lambda-invoke-endpoint';
import { RouteMatcher } from './route-matcher';

/** A Lambda handler for proxy events, as the SCIM functions export it. */
export type ProxyHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** A TOKEN authorizer, as the authorizer function exports it. */
export type TokenAuthorizer = (
  event: APIGatewayTokenAuthorizerEvent,
) => Promise<APIGatewayAuthorizerResult>;

/** What the emulated gateway needs. */
export interface GatewayOptions {
  readonly routes: readonly Route[];
  readonly loadHandler: (name: HandlerName) => ProxyHandler;
  readonly authorizer: TokenAuthorizer;
  /** Receives one JSON line per request. */
  readonly log: (line: string) => void;
  readonly stage?: string;
  /** Lambda's Invoke API for the admin function, served beside (never through) the SCIM routes. */
  readonly invoke?: LocalInvokeEndpoint;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An HTTP server that behaves like the deployed REST API: routes from the
 * route table, the TOKEN authorizer on every request (no result cache),
 * proxy events in payload format 1.0, and SCIM gateway responses.
 */
export function createGateway(options: GatewayOptions): Server {
  const matcher = new RouteMatcher(options.routes);

  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    let team: string | undefined;

    const finish = (status: number) => {
      options.log(
        JSON.stringify({
          level: 'info',
          time: new Date().toISOString(),
          message: 'request',
          requestId,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
          status,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          team,
        }),
      );
    };

    if (options.invoke?.handles(req)) {
      options.invoke.serve(req, res).then(finish, () => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
        finish(500);
      });
      return;
    }

    handle(req, res, requestId, matcher, options, (teamId) => {
      team = teamId;
    })
      .then(finish)
      .catch(() => finish(sendGatewayResponse(res, 'DEFAULT_5XX')));
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  matcher: RouteMatcher,
  options: GatewayOptions,
  setTeam: (teamId: string) => void,
): Promise<number> {
  const body = await readBody(req);
  if (body === 'too-large') return sendGatewayResponse(res, 'REQUEST_TOO_LARGE');

  const url = new URL(req.url ?? '/', 'http://local');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = matcher.match(method, url.pathname);
  if (!match) return sendGatewayResponse(res, 'MISSING_AUTHENTICATION_TOKEN');

  const authorizationToken = req.headers.authorization;
  if (!authorizationToken) return sendGatewayResponse(res, 'UNAUTHORIZED');

  let policy: APIGatewayAuthorizerResult;
  try {
    policy = await options.authorizer({
      type: 'TOKEN',
      authorizationToken,
      methodArn: `arn:aws:execute-api:local:000000000000:local/${options.stage ?? 'local'}/${method}${match.route.path}`,
    });
  } catch (error) {
    const unauthorized = error instanceof Error && error.message === 'Unauthorized';
    return sendGatewayResponse(res, unauthorized ? 'UNAUTHORIZED' : 'AUTHORIZER_FAILURE');
  }
  const allowed = policy.policyDocument.Statement.some(
    (statement) => statement.Effect === 'Allow',
  );
  if (!allowed)
    return sendGatewayResponse(res, 'ACCESS_DENIED', undefined, policy.context);
  if (typeof policy.context?.teamId === 'string') setTeam(policy.context.teamId);

  const event = buildEvent(
    req,
    url,
    method,
    match.route.path,
    match.pathParameters,
    body,
    requestId,
    options.stage,
  );
  event.requestContext.authorizer = {
    ...policy.context,
    principalId: policy.principalId,
  };

  let result: APIGatewayProxyResult;
  try {
    result = await options.loadHandler(match.route.handler)(
      event,
      lambdaContext(requestId, match.route.handler),
    );
  } catch {
    // A function that throws is a 502 from API Gateway.
    return sendGatewayResponse(res, 'DEFAULT_5XX');
  }

  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name] = values.map(String);
  }
  res.writeHead(result.statusCode, headers);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  return result.statusCode;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function buildEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  resource: string,
  pathParameters: Record<string, string> | null,
  body: Buffer,
  requestId: string,
  stage = 'local',
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    const value = req.rawHeaders[i + 1] ?? '';
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  // API Gateway tells the function how the client reached it.
  headers['X-Forwarded-Proto'] = 'http';
  multiValueHeaders['X-Forwarded-Proto'] = ['http'];

  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }

  // Text bodies pass as text; anything that is not UTF-8 arrives base64-encoded.
  let text: string | null = null;
  let isBase64Encoded = false;
  if (body.length > 0) {
    try {
      text = STRICT_UTF8.decode(body);
    } catch {
      text = body.toString('base64');
      isBase64Encoded = true;
    }
  }

  const hasQuery = Object.keys(query).length > 0;
  return {
    resource,
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body: text,
    isBase64Encoded,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: {},
      domainName: req.headers.host ?? '127.0.0.1',
      httpMethod: method,
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: resource,
      stage,
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

function lambdaContext(requestId: string, functionName: string): Context {
  return {
    awsRequestId: requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function sendGatewayResponse(
  res: ServerResponse,
  type: GatewayResponseType,
  statusCode?: number,
  authorizerContext?: APIGatewayAuthorizerResult['context'],
): number {
  const response = GATEWAY_RESPONSES[type];
  const status = statusCode ?? response.statusCode;
  res.writeHead(status, {
    'Content-Type': 'application/scim+json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...response.headers,
  });
  res.end(gatewayResponseBody(response, status, authorizerContext));
  return status;
}
