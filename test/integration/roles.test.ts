import { setTeam } from '../../lambdas/admin/team-commands';
import { ROLES } from '../../lambdas/scim/roles';
import type { Role } from '../../lambdas/store/team-store';
import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Every subset of the three groups, each with the role it must give. */
const COMBINATIONS: { groups: Role[]; role: Role | 'default' }[] = [
  { groups: [], role: 'default' },
  { groups: ['readonly'], role: 'readonly' },
  { groups: ['user'], role: 'user' },
  { groups: ['admin'], role: 'admin' },
  { groups: ['user', 'readonly'], role: 'user' },
  { groups: ['admin', 'readonly'], role: 'admin' },
  { groups: ['admin', 'user'], role: 'admin' },
  { groups: ['admin', 'user', 'readonly'], role: 'admin' },
];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

async function createUserIn(groups: readonly Role[]): Promise<string> {
  const created = await server.request('POST', '/Users', { body: userBody() });
  const id = String(created.json.id);
  for (const group of groups) {
    const response = await server.request('PATCH', `/Groups/${group}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
      },
    });
    expect(response.status).toBe(204);
  }
  return id;
}

async function roleOf(id: string): Promise<{ role: unknown; version: unknown }> {
  const response = await server.request('GET', `/Users/${id}`);
  return { role: response.json.roles, version: response.json.meta.version };
}

function setDefaultRole(defaultRole: Role) {
  return setTeam({ ...server.service.services, keys: server.service.keys }, 'default', {
    defaultRole,
  });
}

describe('effective role', () => {
  it('is readonly for a new user in no group, as a team starts with', async () => {
    const created = await server.request('POST', '/Users', { body: userBody() });

    expect(created.json.roles).toEqual([{ value: 'readonly', primary: true }]);
    expect(created.json.groups).toBeUndefined();
  });

  it('follows every combination of memberships and every default role, without rewriting users', async () => {
    const users = [];
    for (const combination of COMBINATIONS) {
      users.push({ ...combination, id: await createUserIn(combination.groups) });
    }

    for (const defaultRole of ROLES) {
      await setDefaultRole(defaultRole);

      for (const user of users) {
        const before = await roleOf(user.id);
        const expected = user.role === 'default' ? defaultRole : user.role;
        expect({ groups: user.groups, roles: before.role }).toEqual({
          groups: user.groups,
          roles: [{ value: expected, primary: true }],
        });
      }
    }

    // The default role changed three times; no user item was written for it.
    const versions = await Promise.all(users.map((user) => roleOf(user.id)));
    expect(versions.map((v) => v.version)).toEqual(
      users.map((user) => `W/"${1 + user.groups.length}"`),
    );
    await setDefaultRole('readonly');
  });

  it('falls back to the default role when a user leaves their last group', async () => {
    await setDefaultRole('user');
    const id = await createUserIn(['admin']);

    await server.request('PATCH', '/Groups/admin', {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
      },
    });

    expect((await roleOf(id)).role).toEqual([{ value: 'user', primary: true }]);
    await setDefaultRole('readonly');
  });

  it("shows each user's role in lists and filters", async () => {
    const admin = await createUserIn(['admin']);
    const none = await createUserIn([]);

    const listed = await server.request('GET', '/Users?count=200');
    const byId = (id: string) =>
      (listed.json.Resources as { id: string; roles: unknown }[]).find(
        (u) => u.id === id,
      );

    expect(byId(admin)?.roles).toEqual([{ value: 'admin', primary: true }]);
    expect(byId(none)?.roles).toEqual([{ value: 'readonly', primary: true }]);
  });

  it('keeps memberships across a PUT and a PATCH of the user', async () => {
    const id = await createUserIn(['user']);
    const current = await server.request('GET', `/Users/${id}`);

    const put = await server.request('PUT', `/Users/${id}`, {
      body: { ...current.json, displayName: 'Renamed' },
    });
    const patched = await server.request('PATCH', `/Users/${id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'active', value: 'False' }],
      },
    });
    const members = await server.request('GET', '/Groups/user');

    expect(put.json.roles).toEqual([{ value: 'user', primary: true }]);
    expect(patched.status).toBe(200);
    expect(patched.json.roles).toEqual([{ value: 'user', primary: true }]);
    expect(members.json.members.map((m: { value: string }) => m.value)).toContain(id);
  });

  it('refuses a user PATCH that changes the read-only roles with 400 mutability', async () => {
    const id = await createUserIn([]);

    const response = await server.request('PATCH', `/Users/${id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'roles', value: [{ value: 'admin', primary: true }] },
        ],
      },
    });

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe('mutability');
    expect((await roleOf(id)).role).toEqual([{ value: 'readonly', primary: true }]);
  });
});
