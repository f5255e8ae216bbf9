import { ROUTES, SCIM_BASE_PATH, type HttpMethod, type Route } from '../../lib/routes';
import { startTestServer, userBody, type TestServer } from '../support/local-server';

// Team B's token is pointed at team A's ids and names on every route and
// method of the route table, so a route added later is covered by itself.

let server: TestServer;
let tokenB: string;
const a = {
  userId: '',
  userName: '',
  externalId: '',
  groupId: '',
  email: '',
  familyName: '',
};

beforeAll(async () => {
  server = await startTestServer();
  tokenB = await server.service.issueToken('team-b', 'isolation');

  a.externalId = `a-ext-${Date.now()}`;
  const user = await server.request('POST', '/Users', {
    body: userBody({ externalId: a.externalId }),
  });
  a.userId = user.json.id;
  a.userName = user.json.userName;
  a.email = user.json.emails[0].value;
  a.familyName = user.json.name.familyName;

  const groups = await server.request('GET', '/Groups');
  a.groupId = groups.json.Resources[0].id;
  const added = await server.request('PATCH', `/Groups/${a.groupId}`, {
    body: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: a.userId }] }],
    },
  });
  expect(added.status).toBeLessThan(300);
});

afterAll(async () => {
  await server.service.close();
});

/** Everything team A can see of itself: the state B must not change. */
async function snapshotOfA() {
  const users = await server.request('GET', '/Users?count=200');
  const group = await server.request('GET', `/Groups/${a.groupId}`);
  const strip = (resource: { meta?: unknown }) => ({ ...resource, meta: undefined });
  return {
    users: users.json.Resources.map(strip),
    group: strip(group.json),
  };
}

interface Probe {
  readonly label: string;
  readonly path: string;
  readonly body?: unknown;
}

const patchOp = (operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: operations,
});

/** The requests B sends on one route and method, aimed at A's resources. */
function probes(route: Route, method: HttpMethod): Probe[] {
  const isUsers = route.path.includes('/Users');
  const isGroups = route.path.includes('/Groups');
  const id = isUsers
    ? a.userId
    : isGroups
      ? a.groupId
      : route.path.includes('/Schemas')
        ? 'urn:ietf:params:scim:schemas:core:2.0:User'
        : 'User';
  const path = route.path
    .replace(SCIM_BASE_PATH, '')
    .replace('{id}', encodeURIComponent(id));
  const filters: [string, string][] = [
    ['userName', `userName eq "${a.userName}"`],
    ['externalId', `externalId eq "${a.externalId}"`],
    ['id', `id eq "${a.userId}"`],
    ['work e-mail', `emails[type eq "work"].value eq "${a.email}"`],
    ['member', `members[value eq "${a.userId}"]`],
    ['membership check', `id eq "${a.groupId}" and members eq "${a.userId}"`],
  ];

  switch (method) {
    case 'GET':
      return [
        { label: 'plain', path },
        ...(path.endsWith('s')
          ? filters.map(([name, filter]) => ({
              label: `filter on ${name}`,
              path: `${path}?filter=${encodeURIComponent(filter)}`,
            }))
          : []),
      ];
    case 'POST':
      if (path.endsWith('.search')) {
        return filters.map(([name, filter]) => ({
          label: `search on ${name}`,
          path,
          body: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
            filter,
          },
        }));
      }
      return [
        isUsers
          ? {
              label: 'create with A’s userName',
              path,
              body: userBody({ userName: a.userName }),
            }
          : {
              label: 'create',
              path,
              body: { displayName: 'admin', members: [{ value: a.userId }] },
            },
      ];
    case 'PUT':
      return [
        {
          label: 'replace',
          path,
          body: isUsers
            ? userBody({ id: a.userId, userName: `b.${a.userName}` })
            : { displayName: 'admin', members: [{ value: a.userId }] },
        },
      ];
    case 'PATCH':
      return [
        {
          label: 'replace displayName',
          path,
          body: patchOp([
            { op: 'replace', value: { displayName: 'taken over', active: false } },
          ]),
        },
        {
          label: 'add A’s user as member',
          path,
          body: patchOp([{ op: 'add', path: 'members', value: [{ value: a.userId }] }]),
        },
        {
          label: 'remove A’s user',
          path,
          body: patchOp([{ op: 'remove', path: `members[value eq "${a.userId}"]` }]),
        },
        {
          label: 'replace members',
          path,
          body: patchOp([{ op: 'replace', path: 'members', value: [] }]),
        },
      ];
    case 'DELETE':
      return [{ label: 'delete', path }];
  }
}

// Probes read A's ids, which exist only once beforeAll has run: the table of
// cases holds their labels, and each test builds its probe afresh.
const cases = ROUTES.flatMap((route) =>
  route.methods.flatMap((method) =>
    probes(route, method).map((probe, index) => ({
      route,
      method,
      index,
      label: probe.label,
    })),
  ),
);

describe('team B’s token on team A’s resources', () => {
  it.each(cases)(
    '$method $route.path ($label) reveals and changes nothing of team A',
    async ({ route, method, index }) => {
      const probe = probes(route, method)[index];
      if (!probe) throw new Error(`no probe ${index} for ${method} ${route.path}`);
      const before = await snapshotOfA();

      const response = await server.request(method, probe.path, {
        body: probe.body,
        token: tokenB,
      });

      // Anything of A's in the answer that B did not send itself is a leak.
      expect(response.status).toBeLessThan(500);
      const sent =
        `${decodeURIComponent(probe.path)} ${JSON.stringify(probe.body ?? '')}`.toLowerCase();
      const leaked = [a.userId, a.userName, a.externalId, a.email, a.familyName].filter(
        (value) =>
          !sent.includes(value.toLowerCase()) &&
          response.text.toLowerCase().includes(value.toLowerCase()),
      );
      expect(leaked).toEqual([]);
      if (Array.isArray(response.json?.Resources)) {
        const ids = response.json.Resources.map(
          (resource: { id?: string }) => resource.id,
        );
        expect(ids).not.toContain(a.userId);
      }
      expect(await snapshotOfA()).toEqual(before);
    },
  );
});
