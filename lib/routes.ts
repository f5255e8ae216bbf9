/**
 * The route table: every SCIM path, its methods and the handler module
 * behind it. The CDK stack and the local server both build their routing
 * from this list, so what runs locally is what is deployed.
 */

/** HTTP methods the API routes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Names of the handler modules under `lambdas/handlers/`; one Lambda function each. */
export type HandlerName =
  | 'service-provider-config'
  | 'schemas'
  | 'resource-types'
  | 'users'
  | 'user'
  | 'groups'
  | 'group';

/** One SCIM path and the function that serves it. */
export interface Route {
  /** Path below the API root, with `{name}` path parameters (API Gateway syntax). */
  readonly path: string;
  readonly methods: readonly HttpMethod[];
  readonly handler: HandlerName;
}

/** Where every SCIM path lives below the API root. */
export const SCIM_BASE_PATH = '/scim/v2';

/** The SCIM routes. The authorizer guards every one of them. */
export const ROUTES: readonly Route[] = [
  {
    path: `${SCIM_BASE_PATH}/ServiceProviderConfig`,
    methods: ['GET'],
    handler: 'service-provider-config',
  },
  { path: `${SCIM_BASE_PATH}/Schemas`, methods: ['GET'], handler: 'schemas' },
  { path: `${SCIM_BASE_PATH}/Schemas/{id}`, methods: ['GET'], handler: 'schemas' },
  {
    path: `${SCIM_BASE_PATH}/ResourceTypes`,
    methods: ['GET'],
    handler: 'resource-types',
  },
  {
    path: `${SCIM_BASE_PATH}/ResourceTypes/{id}`,
    methods: ['GET'],
    handler: 'resource-types',
  },
  { path: `${SCIM_BASE_PATH}/Users`, methods: ['GET', 'POST'], handler: 'users' },
  {
    path: `${SCIM_BASE_PATH}/Users/{id}`,
    methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
    handler: 'user',
  },
  // A literal resource: API Gateway (and local/route-matcher.ts) prefer it over /Users/{id}.
  { path: `${SCIM_BASE_PATH}/Users/.search`, methods: ['POST'], handler: 'users' },
  // POST and DELETE are routed so that they get a SCIM error saying what to do instead.
  { path: `${SCIM_BASE_PATH}/Groups`, methods: ['GET', 'POST'], handler: 'groups' },
  {
    path: `${SCIM_BASE_PATH}/Groups/{id}`,
    methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
    handler: 'group',
  },
];

/** The handler module of the TOKEN authorizer that guards every route. */
export const AUTHORIZER_HANDLER = 'authorizer';

/** The distinct handler modules: one Lambda function each. */
export function handlerNames(): HandlerName[] {
  return [...new Set(ROUTES.map((route) => route.handler))];
}
