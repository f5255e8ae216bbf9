import type { RequestSpec } from './request-spec';

/** What an operation needs of the service under test: the same for ours and the peer. */
export interface TargetState {
  /** The seeded users of the measured team, in a stable order. */
  readonly users: readonly SeededUser[];
  /** Users made only to be deleted: one per delete request. */
  readonly doomed: readonly string[];
  /** Id of the group that membership operations use. */
  readonly groupId: string;
}

/** A user the benchmark seeded. */
export interface SeededUser {
  readonly id: string;
  readonly userName: string;
}

/** Names of the measured operations: the requests an IdP makes. */
export type OperationName =
  | 'authorizer'
  | 'getUser'
  | 'lookupUserName'
  | 'create'
  | 'put'
  | 'patch'
  | 'deactivate'
  | 'delete'
  | 'groupAdd'
  | 'membershipCheck'
  | 'groupRemove'
  | 'listPage';

/** One measured operation: how to build its i-th request, and what answer is a success. */
export interface Operation {
  readonly name: OperationName;
  /** The request, as the table shows it. */
  readonly label: string;
  /** The route it needs (API Gateway path template below the SCIM base). */
  readonly route: { readonly method: RequestSpec['method']; readonly path: string };
  readonly expect: readonly number[];
  /** Its DynamoDB calls are the authorizer's, not a SCIM handler's. */
  readonly countsAuthorizer?: boolean;
  /** Each request deletes a user from `doomed`. */
  readonly consumesUsers?: boolean;
  build(state: TargetState, i: number): RequestSpec;
}

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The body of a seeded user (or a new one), as an IdP sends it on POST and PUT. */
export function userDocument(
  userName: string,
  givenName = 'Bench',
): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName, familyName: 'User' },
    displayName: `${givenName} User`,
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
  };
}

/** The userName of the n-th seeded user of a run. */
export const seededUserName = (run: string, n: number) => `bench.${run}.${n}@example.com`;

const userAt = (state: TargetState, i: number): SeededUser => {
  const user = state.users[i % state.users.length];
  if (!user) throw new Error('The measured team has no seeded users');
  return user;
};

const patchOp = (operations: unknown[]) => ({
  schemas: [PATCH_SCHEMA],
  Operations: operations,
});

let created = 0;

/**
 * The operations, in the order they run (membership is checked while the
 * members are in). Adding one is one entry here.
 */
export const OPERATIONS: readonly Operation[] = [
  {
    name: 'authorizer',
    label: 'GET /ServiceProviderConfig (authorizer + static answer)',
    route: { method: 'GET', path: '/ServiceProviderConfig' },
    expect: [200],
    countsAuthorizer: true,
    build: () => ({ method: 'GET', path: '/ServiceProviderConfig' }),
  },
  {
    name: 'getUser',
    label: 'GET /Users/{id}',
    route: { method: 'GET', path: '/Users/{id}' },
    expect: [200],
    build: (s, i) => ({ method: 'GET', path: `/Users/${userAt(s, i).id}` }),
  },
  {
    name: 'lookupUserName',
    label: 'GET /Users?filter=userName eq',
    route: { method: 'GET', path: '/Users' },
    expect: [200],
    build: (s, i) => ({
      method: 'GET',
      path: '/Users',
      query: { filter: `userName eq "${userAt(s, i).userName}"` },
    }),
  },
  {
    name: 'create',
    label: 'POST /Users',
    route: { method: 'POST', path: '/Users' },
    expect: [201],
    build: () => ({
      method: 'POST',
      path: '/Users',
      body: userDocument(
        `bench.new.${process.pid}.${Date.now()}.${created++}@example.com`,
      ),
    }),
  },
  {
    name: 'put',
    label: 'PUT /Users/{id}',
    route: { method: 'PUT', path: '/Users/{id}' },
    expect: [200],
    build: (s, i) => ({
      method: 'PUT',
      path: `/Users/${userAt(s, i).id}`,
      body: userDocument(userAt(s, i).userName, `Put${i}`),
    }),
  },
  {
    name: 'patch',
    label: 'PATCH /Users/{id} replace name.givenName',
    route: { method: 'PATCH', path: '/Users/{id}' },
    expect: [200, 204],
    build: (s, i) => ({
      method: 'PATCH',
      path: `/Users/${userAt(s, i).id}`,
      body: patchOp([{ op: 'replace', path: 'name.givenName', value: `Patched${i}` }]),
    }),
  },
  {
    name: 'deactivate',
    label: 'PATCH /Users/{id} replace active false',
    route: { method: 'PATCH', path: '/Users/{id}' },
    expect: [200, 204],
    build: (s, i) => ({
      method: 'PATCH',
      path: `/Users/${userAt(s, i).id}`,
      body: patchOp([{ op: 'replace', path: 'active', value: false }]),
    }),
  },
  {
    name: 'delete',
    label: 'DELETE /Users/{id}',
    route: { method: 'DELETE', path: '/Users/{id}' },
    expect: [204],
    consumesUsers: true,
    build: (s, i) => {
      const id = s.doomed[i];
      if (id === undefined) throw new Error(`No user left to delete for request ${i}`);
      return { method: 'DELETE', path: `/Users/${id}` };
    },
  },
  {
    name: 'groupAdd',
    label: 'PATCH /Groups/{id} add members (1)',
    route: { method: 'PATCH', path: '/Groups/{id}' },
    expect: [200, 204],
    build: (s, i) => ({
      method: 'PATCH',
      path: `/Groups/${s.groupId}`,
      body: patchOp([
        { op: 'Add', path: 'members', value: [{ value: userAt(s, i).id }] },
      ]),
    }),
  },
  {
    name: 'membershipCheck',
    label: 'GET /Groups?filter=id eq and members.value eq',
    route: { method: 'GET', path: '/Groups' },
    expect: [200],
    build: (s, i) => ({
      method: 'GET',
      path: '/Groups',
      query: {
        filter: `id eq "${s.groupId}" and members.value eq "${userAt(s, i).id}"`,
        attributes: 'id',
      },
    }),
  },
  {
    name: 'groupRemove',
    label: 'PATCH /Groups/{id} remove members[value eq]',
    route: { method: 'PATCH', path: '/Groups/{id}' },
    expect: [200, 204],
    build: (s, i) => ({
      method: 'PATCH',
      path: `/Groups/${s.groupId}`,
      body: patchOp([{ op: 'remove', path: `members[value eq "${userAt(s, i).id}"]` }]),
    }),
  },
  {
    name: 'listPage',
    label: 'GET /Users?startIndex=1&count=100',
    route: { method: 'GET', path: '/Users' },
    expect: [200],
    build: () => ({
      method: 'GET',
      path: '/Users',
      query: { startIndex: '1', count: '100' },
    }),
  },
];
