import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;
let users: string[];

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** The cap this file runs with; the same rule holds at the default (see group-size.test.ts). */
const LIMIT = 25;

beforeAll(async () => {
  process.env.GROUP_MEMBERS_LIMIT = String(LIMIT);
  server = await startTestServer();

  users = [];
  for (let start = 0; start < 60; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, () =>
        server.request('POST', '/Users', { body: userBody() }),
      ),
    );
    users.push(...batch.map((response) => String(response.json.id)));
  }
  users.sort();

  const added = await server.request('PATCH', '/Groups/user', {
    body: {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'add', path: 'members', value: users.map((value) => ({ value })) },
      ],
    },
  });
  expect(added.status).toBe(204);
});

afterAll(async () => {
  delete process.env.GROUP_MEMBERS_LIMIT;
  await server.service.close();
});

function memberIds(group: { members?: { value: string }[] }): string[] {
  return (group.members ?? []).map((member) => member.value);
}

describe('a group with more members than one response lists', () => {
  it('answers GET /Groups/{id} with 200 and the first members in user-id order, up to the limit', async () => {
    const response = await server.request('GET', '/Groups/user');

    expect(response.status).toBe(200);
    expect(memberIds(response.json)).toEqual(users.slice(0, LIMIT));
  });

  it('answers GET /Groups with every group capped the same way', async () => {
    const response = await server.request('GET', '/Groups?startIndex=1&count=100');

    expect(response.status).toBe(200);
    const byId = new Map(
      (response.json.Resources as { id: string; members?: { value: string }[] }[]).map(
        (group) => [group.id, memberIds(group)],
      ),
    );
    expect(byId.get('user')).toEqual(users.slice(0, LIMIT));
    expect(byId.get('admin')).toEqual([]);
  });

  it('still answers excludedAttributes=members and the membership check beyond the limit', async () => {
    const last = users[users.length - 1]!;

    const group = await server.request('GET', '/Groups/user?excludedAttributes=members');
    const check = await server.request(
      'GET',
      `/Groups?filter=${encodeURIComponent(`id eq "user" and members eq "${last}"`)}&attributes=id`,
    );
    const user = await server.request('GET', `/Users/${last}`);

    expect(group.json.members).toBeUndefined();
    expect(check.json.totalResults).toBe(1);
    expect(user.json.roles).toEqual([{ value: 'user', primary: true }]);
  });

  it('replaces the whole membership, members beyond the limit included', async () => {
    const keep = users.slice(users.length - 5);

    const response = await server.request('PATCH', '/Groups/user', {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'members', value: keep.map((value) => ({ value })) },
        ],
      },
    });
    const after = await server.request('GET', '/Groups/user');
    const dropped = await server.request('GET', `/Users/${users[0]!}`);

    expect(response.status).toBe(204);
    expect(memberIds(after.json)).toEqual(keep);
    expect(dropped.json.groups).toBeUndefined();
  });
});
