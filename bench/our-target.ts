import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import path from 'node:path';

import { AUTHORIZER_HANDLER, ROUTES, SCIM_BASE_PATH } from '../lib/routes';
import { startLocalService, type LocalService } from '../local/local-service';
import { RouteMatcher } from '../local/route-matcher';
import { parseUserBody } from '../lambdas/scim/user-resource';
import { DynamoCallCounter, type DynamoCalls } from './dynamo-call-counter';
import {
  seededUserName,
  userDocument,
  type Operation,
  type SeededUser,
} from './operations';
import type { RequestSpec } from './request-spec';
import type { SeedPlan, Target } from './target';

const HANDLER_DIR = path.join(__dirname, '..', 'lambdas', 'handlers');

/** Our service as the benchmark drives it: the local service plus in-process hooks. */
export interface OurTarget extends Target {
  readonly service: LocalService;
  readonly teamId: string;
  readonly counter: DynamoCallCounter;
  /** A token and the id of a team (created when missing), for the scale step. */
  openTeam(name: string): Promise<{ token: string; teamId: string }>;
  /** Runs one request straight through its handler (no gateway) and counts its DynamoDB calls. */
  countCalls(
    operation: Operation,
    spec: RequestSpec,
  ): Promise<DynamoCalls & { status: number }>;
}

type ProxyHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;
type Authorizer = (event: {
  type: 'TOKEN';
  authorizationToken: string;
  methodArn: string;
}) => Promise<{ context?: Record<string, unknown> }>;

/** Starts the local service in memory, counts its DynamoDB calls and seeds the default team. */
export async function startOurTarget(plan: SeedPlan): Promise<OurTarget> {
  const service = await startLocalService({
    port: 0,
    memory: true,
    log: () => undefined,
  });
  const counter = new DynamoCallCounter();
  counter.attach(service.services.db);

  const token = await service.issueToken('default', 'bench');
  const authorizer = handlerModule(AUTHORIZER_HANDLER) as Authorizer;
  const methodArn =
    'arn:aws:execute-api:local:000000000000:local/local/GET/scim/v2/Users';
  const allowed = await authorizer({
    type: 'TOKEN',
    authorizationToken: `Bearer ${token}`,
    methodArn,
  });
  const authorizerContext = allowed.context ?? {};
  const teamId = String(authorizerContext.teamId);

  const users = await seedUsers(service, teamId, 'ours', plan.users);
  const doomed = (await seedUsers(service, teamId, 'ours-doomed', plan.doomed)).map(
    (u) => u.id,
  );
  const matcher = new RouteMatcher(ROUTES);
  const groupId = matcher.match('GET', `${SCIM_BASE_PATH}/Groups`)
    ? await findGroupId(service.baseUrl, token, 'user')
    : '';

  return {
    name: 'serverless-scim (local gateway + dynalite)',
    baseUrl: service.baseUrl,
    token,
    service,
    teamId,
    counter,
    state: { users, doomed, groupId },
    supports: (operation) => {
      const concrete = operation.route.path.replace(/\{\w+\}/g, 'x');
      return (
        matcher.match(operation.route.method, `${SCIM_BASE_PATH}${concrete}`) !==
        undefined
      );
    },
    openTeam: async (name) => {
      const teamToken = await service.issueToken(name, 'bench');
      const result = await authorizer({
        type: 'TOKEN',
        authorizationToken: `Bearer ${teamToken}`,
        methodArn,
      });
      return { token: teamToken, teamId: String(result.context?.teamId) };
    },
    countCalls: async (operation, spec) => {
      counter.reset();
      if (operation.countsAuthorizer) {
        await authorizer({
          type: 'TOKEN',
          authorizationToken: `Bearer ${token}`,
          methodArn,
        });
        return { ...counter.snapshot(), status: 200 };
      }

      const match = matcher.match(spec.method, `${SCIM_BASE_PATH}${spec.path}`);
      if (!match) throw new Error(`No route serves ${spec.method} ${spec.path}`);
      const handler = handlerModule(match.route.handler) as ProxyHandler;
      const result = await handler(
        proxyEvent(spec, match.route.path, match.pathParameters, authorizerContext),
        lambdaContext(),
      );
      return { ...counter.snapshot(), status: result.statusCode };
    },
    close: () => service.close(),
  };
}

/** Creates users straight through the store (not timed, not counted), a few at a time. */
export async function seedUsers(
  service: LocalService,
  teamId: string,
  run: string,
  count: number,
): Promise<SeededUser[]> {
  const users: SeededUser[] = new Array<SeededUser>(count);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) {
      const userName = seededUserName(run, n);
      const record = await service.services.users.create(
        teamId,
        parseUserBody(userDocument(userName)),
        { type: 'admin' },
      );
      users[n] = { id: record.id, userName };
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return users;
}

/** The id of a team's group with `displayName`, through GET /Groups. */
export async function findGroupId(
  baseUrl: string,
  token: string,
  displayName: string,
): Promise<string> {
  const query = new URLSearchParams({ filter: `displayName eq "${displayName}"` });
  const response = await fetch(`${baseUrl}/Groups?${query.toString()}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { Resources?: { id: string }[] };
  const id = body.Resources?.[0]?.id;
  if (!id)
    throw new Error(`GET /Groups found no group ${displayName}: ${response.status}`);
  return id;
}

function handlerModule(name: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same module instances the local service loaded
  return (require(path.join(HANDLER_DIR, name)) as { handler: unknown }).handler;
}

/** The proxy event API Gateway would send for `spec` (payload format 1.0). */
export function proxyEvent(
  spec: RequestSpec,
  resource: string,
  pathParameters: Record<string, string> | null,
  authorizer: Record<string, unknown>,
): APIGatewayProxyEvent {
  const fullPath = `${SCIM_BASE_PATH}${spec.path}`;
  const headers: Record<string, string> = {
    Host: '127.0.0.1',
    'X-Forwarded-Proto': 'http',
  };
  if (spec.body !== undefined) headers['Content-Type'] = 'application/scim+json';
  const query = spec.query ?? null;
  return {
    resource,
    path: fullPath,
    httpMethod: spec.method,
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, [v]]),
    ),
    queryStringParameters: query ? { ...query } : null,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters,
    stageVariables: null,
    body: spec.body === undefined ? null : JSON.stringify(spec.body),
    isBase64Encoded: false,
    requestContext: {
      authorizer: { ...authorizer, principalId: String(authorizer.tokenId) },
      domainName: '127.0.0.1',
      httpMethod: spec.method,
      path: fullPath,
      requestId: `bench-${Date.now()}`,
      resourcePath: resource,
      stage: 'local',
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

function lambdaContext(): Context {
  return {
    awsRequestId: `bench-${Date.now()}`,
    functionName: 'bench',
    getRemainingTimeInMillis: () => 29_000,
  } as unknown as Context;
}
