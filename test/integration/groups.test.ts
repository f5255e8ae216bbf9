import { startTestServer, type TestServer } from '../support/local-server';

let server: TestServer;

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

async function createUser(token?: string): Promise<string> {
  return String((await server.createUser({}, token)).id);
}

async function createUsers(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await createUser());
  return ids;
}

function patch(operations: unknown[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

async function membersOf(group: string): Promise<string[]> {
  const response = await server.request('GET', `/Groups/${group}`);
  expect(response.status).toBe(200);
  return ((response.json.members ?? []) as { value: string }[])
    .map((member) => member.value)
    .sort();
}

async function setMembers(group: string, ids: string[]): Promise<void> {
  const response = await server.request('PATCH', `/Groups/${group}`, {
    body: patch([
      { op: 'replace', path: 'members', value: ids.map((value) => ({ value })) },
    ]),
  });
  expect(response.status).toBe(204);
}

describe('G. group discovery and lookup', () => {
  it("lists admin, user and readonly with members on Okta's GET /Groups?startIndex=1&count=100 (#39)", async () => {
    const response = await server.request('GET', '/Groups?startIndex=1&count=100');

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 3,
      startIndex: 1,
      itemsPerPage: 3,
    });
    const groups = response.json.Resources as Record<string, unknown>[];
    expect(groups.map((group) => group.id)).toEqual(['admin', 'user', 'readonly']);
    for (const group of groups) {
      // An empty group has no members attribute (RFC 7643 §2.5: the same state as []).
      expect(group.members === undefined || Array.isArray(group.members)).toBe(true);
      expect(group).toMatchObject({
        schemas: [GROUP_SCHEMA],
        displayName: group.id,
        meta: {
          resourceType: 'Group',
          location: `${server.baseUrl}/Groups/${String(group.id)}`,
          version: expect.stringMatching(/^W\/"\d+"$/),
          created: expect.any(String),
          lastModified: expect.any(String),
        },
      });
    }
  });

  it('pages the three groups with startIndex and count', async () => {
    const first = await server.request('GET', '/Groups?startIndex=1&count=2');
    const second = await server.request('GET', '/Groups?startIndex=3&count=2');

    expect(first.json.totalResults).toBe(3);
    expect(first.json.Resources.map((g: { id: string }) => g.id)).toEqual([
      'admin',
      'user',
    ]);
    expect(second.json.Resources.map((g: { id: string }) => g.id)).toEqual(['readonly']);
    expect(second.json.startIndex).toBe(3);
  });

  it("answers Entra's displayName lookup with exactly the one match and no members (#40)", async () => {
    const response = await server.request(
      'GET',
      '/Groups?excludedAttributes=members&filter=displayName+eq+%22readonly%22',
    );

    expect(response.status).toBe(200);
    expect(response.json.totalResults).toBe(1);
    expect(response.json.Resources).toHaveLength(1);
    expect(response.json.Resources[0]).toMatchObject({
      id: 'readonly',
      displayName: 'readonly',
    });
    expect(response.json.Resources[0].members).toBeUndefined();
  });

  it('answers a displayName with spaces that names no group with an empty list (#40)', async () => {
    const response = await server.request(
      'GET',
      '/Groups?excludedAttributes=members&filter=displayName+eq+%22EDU+All+personal%22',
    );

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('matches displayName case-exactly, as the names are fixed', async () => {
    const response = await server.request('GET', '/Groups?filter=displayName eq "Admin"');

    expect(response.json.totalResults).toBe(0);
  });

  it('answers GET /Groups/{id}?excludedAttributes=members without members (#41)', async () => {
    const response = await server.request(
      'GET',
      '/Groups/user?excludedAttributes=members',
    );

    expect(response.status).toBe(200);
    expect(Object.keys(response.json).sort()).toEqual([
      'displayName',
      'id',
      'meta',
      'schemas',
    ]);
    expect(response.headers.get('etag')).toBe(response.json.meta.version);
  });

  it('answers 304 to an If-None-Match naming the current version, 200 after a change', async () => {
    const first = await server.request(
      'GET',
      '/Groups/readonly?excludedAttributes=members',
    );
    const etag = String(first.headers.get('etag'));

    const same = await server.request('GET', '/Groups/readonly', {
      headers: { 'If-None-Match': etag },
    });
    await server.request('PATCH', '/Groups/readonly', {
      body: patch([{ op: 'replace', path: 'externalId', value: `ext-${etag}` }]),
    });
    const changed = await server.request('GET', '/Groups/readonly', {
      headers: { 'If-None-Match': etag },
    });

    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it("refuses Entra's group create with 403 telling the administrator to link (#42)", async () => {
    const response = await server.request('POST', '/Groups', {
      body: {
        schemas: [
          GROUP_SCHEMA,
          'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
        ],
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        displayName: 'displayName',
        meta: { resourceType: 'Group' },
      },
    });

    expect(response.status).toBe(403);
    expect(response.json.schemas).toEqual([
      'urn:ietf:params:scim:api:messages:2.0:Error',
    ]);
    expect(response.json.status).toBe('403');
    expect(response.json.detail).toMatch(/admin, user and readonly/);
    expect(response.json.detail).toMatch(/link/i);
  });

  it("refuses Okta's group push of another name with 403 (#43)", async () => {
    const response = await server.request('POST', '/Groups', {
      body: { schemas: [GROUP_SCHEMA], displayName: 'Test SCIMv2', members: [] },
    });

    expect(response.status).toBe(403);
    expect(response.json.detail).toMatch(/Test SCIMv2/);
  });

  it.each(['admin', 'user', 'readonly'])(
    'refuses a POST of the fixed name %s with 409 uniqueness',
    async (name) => {
      const response = await server.request('POST', '/Groups', {
        body: { schemas: [GROUP_SCHEMA], displayName: name, members: [] },
      });

      expect(response.status).toBe(409);
      expect(response.json).toMatchObject({ status: '409', scimType: 'uniqueness' });
      expect(response.json.detail).toMatch(/link/i);
    },
  );

  it('refuses DELETE /Groups/{id} with 403 and leaves the group', async () => {
    const response = await server.request('DELETE', '/Groups/admin');

    expect(response.status).toBe(403);
    expect(response.json.detail).toMatch(/cannot be deleted/);
    expect((await server.request('GET', '/Groups/admin')).status).toBe(200);
  });

  it('answers 404 for a group id that is not one of the three, case-exactly', async () => {
    for (const id of ['Admin', 'owners', 'bulkId']) {
      const response = await server.request('GET', `/Groups/${id}`);
      expect(response.status).toBe(404);
      expect(response.json.status).toBe('404');
    }
  });

  it.each([
    'displayName co "adm"',
    'displayName eq "admin" or displayName eq "user"',
    'not (id eq "admin")',
    'meta.lastModified gt "2020-01-01T00:00:00Z"',
    'displayName eq',
  ])('refuses the filter %s with 400 invalidFilter', async (filter) => {
    const response = await server.request(
      'GET',
      `/Groups?filter=${encodeURIComponent(filter)}`,
    );

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe('invalidFilter');
  });

  it('finds a group by the externalId a PATCH gave it, and by id', async () => {
    const set = await server.request('PATCH', '/Groups/user', {
      body: patch([{ op: 'Replace', path: 'externalId', value: 'entra-object-1' }]),
    });
    const byExternalId = await server.request(
      'GET',
      '/Groups?filter=externalId eq "entra-object-1"&excludedAttributes=members',
    );
    const byId = await server.request('GET', '/Groups?filter=id eq "user"');

    expect(set.status).toBe(204);
    expect(byExternalId.json.totalResults).toBe(1);
    expect(byExternalId.json.Resources[0]).toMatchObject({
      id: 'user',
      externalId: 'entra-object-1',
    });
    expect(byId.json.Resources.map((g: { id: string }) => g.id)).toEqual(['user']);
  });
  it('counts and pages the groups an externalId filter matches', async () => {
    for (const group of ['admin', 'readonly']) {
      await server.request('PATCH', `/Groups/${group}`, {
        body: patch([{ op: 'replace', value: { externalId: 'shared-ext' } }]),
      });
    }

    const second = await server.request(
      'GET',
      '/Groups?filter=externalId eq "shared-ext"&startIndex=2&count=1',
    );

    expect(second.json.totalResults).toBe(2);
    expect(second.json.Resources.map((g: { id: string }) => g.id)).toEqual(['readonly']);
    for (const group of ['admin', 'readonly']) {
      await server.request('PATCH', `/Groups/${group}`, {
        body: patch([{ op: 'remove', path: 'externalId' }]),
      });
    }
  });
});

describe('H. group membership', () => {
  it("applies Okta's remove-and-add in one PATCH and answers 204 (#44)", async () => {
    const [stays, leaves, joins] = await createUsers(3);
    await setMembers('user', [stays!, leaves!]);

    const response = await server.request('PATCH', '/Groups/user', {
      body: patch([
        { op: 'remove', path: `members[value eq "${leaves}"]` },
        {
          op: 'add',
          path: 'members',
          value: [{ value: joins, display: 'test.user@okta.local' }],
        },
      ]),
    });

    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(await membersOf('user')).toEqual([stays!, joins!].sort());
  });

  it("replaces every member on Okta's full membership push (#45)", async () => {
    const [a, b, c] = await createUsers(3);
    await setMembers('readonly', [a!]);

    const response = await server.request('PATCH', '/Groups/readonly', {
      body: patch([
        { op: 'replace', path: 'members', value: [{ value: b }, { value: c }] },
      ]),
    });

    expect(response.status).toBe(204);
    expect(await membersOf('readonly')).toEqual([b!, c!].sort());
  });

  it("replaces the membership on the PUT Okta's wizard apps send, after a GET (#46)", async () => {
    const [a, b, c] = await createUsers(3);
    await setMembers('user', [a!, b!]);
    const current = await server.request('GET', '/Groups/user');

    const response = await server.request('PUT', '/Groups/user', {
      body: {
        schemas: [GROUP_SCHEMA],
        id: 'user',
        displayName: 'user',
        members: [
          { value: b, display: 'b' },
          { value: c, display: 'c' },
        ],
      },
    });

    expect(current.status).toBe(200);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ id: 'user', displayName: 'user' });
    expect(
      (response.json.members as { value: string }[]).map((m) => m.value).sort(),
    ).toEqual([b!, c!].sort());
    expect(response.headers.get('etag')).toBe(response.json.meta.version);
  });

  it('empties the group on a PUT without members', async () => {
    const [a] = await createUsers(1);
    await setMembers('readonly', [a!]);

    const response = await server.request('PUT', '/Groups/readonly', {
      body: { schemas: [GROUP_SCHEMA], displayName: 'readonly' },
    });

    expect(response.status).toBe(200);
    expect(await membersOf('readonly')).toEqual([]);
  });

  it('refuses a PUT that renames the group with 400 mutability and changes nothing', async () => {
    const [a, b] = await createUsers(2);
    await setMembers('readonly', [a!]);

    const response = await server.request('PUT', '/Groups/readonly', {
      body: { schemas: [GROUP_SCHEMA], displayName: 'Viewers', members: [{ value: b }] },
    });

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe('mutability');
    expect(await membersOf('readonly')).toEqual([a!]);
  });

  it("accepts Okta's path-less replace of {id, displayName} and changes nothing (#47)", async () => {
    const [a] = await createUsers(1);
    await setMembers('admin', [a!]);

    const response = await server.request('PATCH', '/Groups/admin', {
      body: patch([{ op: 'replace', value: { id: 'admin', displayName: 'admin' } }]),
    });

    expect(response.status).toBe(204);
    expect(await membersOf('admin')).toEqual([a!]);
  });

  it("applies Okta's path-less replace of {members} and the one that clears the group (#47)", async () => {
    const [a, b] = await createUsers(2);
    await setMembers('admin', [a!]);

    const replaced = await server.request('PATCH', '/Groups/admin', {
      body: patch([{ op: 'replace', value: { members: [{ value: b }] } }]),
    });
    const afterReplace = await membersOf('admin');
    const cleared = await server.request('PATCH', '/Groups/admin', {
      body: patch([
        { op: 'replace', value: { members: [], id: 'admin', displayName: 'admin' } },
      ]),
    });

    expect(replaced.status).toBe(204);
    expect(afterReplace).toEqual([b!]);
    expect(cleared.status).toBe(204);
    expect(await membersOf('admin')).toEqual([]);
  });

  it("adds several members with Entra's capitalised Add and $ref null (#48)", async () => {
    const [a, b] = await createUsers(2);
    await setMembers('user', []);

    const response = await server.request('PATCH', '/Groups/user', {
      body: patch([
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: a },
            { $ref: null, value: b },
          ],
        },
      ]),
    });

    expect(response.status).toBe(204);
    expect(await membersOf('user')).toEqual([a!, b!].sort());
  });

  it("removes only the listed members on Entra's Remove with a value (#49)", async () => {
    const [a, b, c] = await createUsers(3);
    await setMembers('user', [a!, b!, c!]);

    const response = await server.request('PATCH', '/Groups/user', {
      body: patch([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: b }] }]),
    });

    expect(response.status).toBe(204);
    expect(await membersOf('user')).toEqual([a!, c!].sort());
  });

  it('removes a member by filter path, and succeeds again when it is already gone (#50, #54)', async () => {
    const [a, b] = await createUsers(2);
    await setMembers('user', [a!, b!]);
    const body = patch([{ op: 'remove', path: `members[value eq "${a}"]` }]);

    const first = await server.request('PATCH', '/Groups/user', { body });
    const again = await server.request('PATCH', '/Groups/user', { body });

    expect(first.status).toBe(204);
    expect(again.status).toBe(204);
    expect(await membersOf('user')).toEqual([b!]);
  });

  it('treats replace of members with a partial list as the whole membership (#51)', async () => {
    const [a, b] = await createUsers(2);
    await setMembers('readonly', [a!, b!]);

    const response = await server.request('PATCH', '/Groups/readonly', {
      body: patch([{ op: 'replace', path: 'members', value: [{ value: a }] }]),
    });

    expect(response.status).toBe(204);
    expect(await membersOf('readonly')).toEqual([a!]);
  });

  it("refuses Entra's rename with 400 mutability and accepts an unchanged name (#52)", async () => {
    const rename = await server.request('PATCH', '/Groups/user', {
      body: patch([{ op: 'Replace', path: 'displayName', value: 'Power users' }]),
    });
    const same = await server.request('PATCH', '/Groups/user', {
      body: patch([{ op: 'Replace', path: 'displayName', value: 'user' }]),
    });

    expect(rename.status).toBe(400);
    expect(rename.json.scimType).toBe('mutability');
    expect(rename.json.detail).toMatch(/link/i);
    expect(same.status).toBe(204);
  });

  it.each([
    ['id eq "GROUP" and members eq "USER"'],
    ['id eq "GROUP" and members[value eq "USER"]'],
    ['id eq "GROUP" and members.value eq "USER"'],
    ['members[value eq "USER"]'],
  ])('answers the membership check %s with one group or none (#53)', async (template) => {
    const [member, outsider] = await createUsers(2);
    await setMembers('admin', [member!]);
    const check = (user: string) =>
      server.request(
        'GET',
        `/Groups?filter=${encodeURIComponent(
          template.replace('GROUP', 'admin').replace('USER', user),
        )}&attributes=id`,
      );

    const yes = await check(member!);
    const no = await check(outsider!);

    expect(yes.status).toBe(200);
    expect(yes.json.totalResults).toBe(1);
    expect(yes.json.Resources).toEqual([{ schemas: [GROUP_SCHEMA], id: 'admin' }]);
    expect(no.status).toBe(200);
    expect(no.json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('answers the membership check for an unknown user with no group', async () => {
    const response = await server.request(
      'GET',
      `/Groups?filter=${encodeURIComponent('id eq "admin" and members eq "no-such-user"')}`,
    );

    expect(response.json.totalResults).toBe(0);
  });

  it('adds a member that is already present without error (#54)', async () => {
    const [a] = await createUsers(1);
    await setMembers('admin', [a!]);
    await server.service.settle();
    const before = await server.request('GET', '/Groups/admin');

    const response = await server.request('PATCH', '/Groups/admin', {
      body: patch([{ op: 'add', path: 'members', value: [{ value: a }] }]),
    });
    await server.service.settle();
    const after = await server.request('GET', '/Groups/admin');

    expect(response.status).toBe(204);
    expect(await membersOf('admin')).toEqual([a!]);
    // Nothing changed, so the version does not move either.
    expect(after.json.meta.version).toBe(before.json.meta.version);
  });

  it('refuses a member that is no user with 400 invalidValue and applies nothing', async () => {
    const [a, b] = await createUsers(2);
    await setMembers('user', [a!]);

    const response = await server.request('PATCH', '/Groups/user', {
      body: patch([
        { op: 'remove', path: `members[value eq "${a}"]` },
        { op: 'add', path: 'members', value: [{ value: b }, { value: 'not-a-user' }] },
      ]),
    });

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe('invalidValue');
    expect(response.json.detail).toMatch(/not-a-user/);
    expect(await membersOf('user')).toEqual([a!]);
  });

  it('refuses a user of another team as a member with 400 invalidValue', async () => {
    const otherToken = await server.service.issueToken('other-team', 'test');
    const foreign = await createUser(otherToken);
    const [own] = await createUsers(1);
    await setMembers('readonly', []);

    const response = await server.request('PATCH', '/Groups/readonly', {
      body: patch([
        { op: 'add', path: 'members', value: [{ value: own }, { value: foreign }] },
      ]),
    });
    const put = await server.request('PUT', '/Groups/readonly', {
      body: { displayName: 'readonly', members: [{ value: foreign }] },
    });
    const otherTeamsView = await server.request('GET', '/Groups/readonly', {
      token: otherToken,
    });

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe('invalidValue');
    expect(put.status).toBe(400);
    expect(await membersOf('readonly')).toEqual([]);
    expect(otherTeamsView.json.members).toBeUndefined();
  });

  it("keeps each team's memberships apart", async () => {
    const otherToken = await server.service.issueToken('other-team', 'test-2');
    const foreign = await createUser(otherToken);
    await server.request('PATCH', '/Groups/admin', {
      token: otherToken,
      body: patch([{ op: 'add', path: 'members', value: [{ value: foreign }] }]),
    });

    const ours = await server.request('GET', '/Groups/admin');
    const theirs = await server.request('GET', '/Groups/admin', { token: otherToken });

    expect(ours.json.members.map((m: { value: string }) => m.value)).not.toContain(
      foreign,
    );
    expect(theirs.json.members.map((m: { value: string }) => m.value)).toEqual([foreign]);
  });

  it('answers a group PATCH that names attributes with 200 and the group', async () => {
    const [a] = await createUsers(1);
    await setMembers('readonly', []);

    const response = await server.request(
      'PATCH',
      '/Groups/readonly?attributes=members',
      {
        body: patch([{ op: 'add', path: 'members', value: [{ value: a }] }]),
      },
    );

    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      schemas: [GROUP_SCHEMA],
      id: 'readonly',
      members: [{ value: a, $ref: `${server.baseUrl}/Users/${a}`, type: 'User' }],
    });
  });

  it.each([
    [{ Operations: [] }, 'invalidSyntax'],
    [{ Operations: [{ op: 'move', path: 'members' }] }, 'invalidSyntax'],
    [{ Operations: [{ op: 'remove' }] }, 'noTarget'],
    [{ Operations: [{ op: 'add', path: 'members[', value: 'x' }] }, 'invalidPath'],
    [
      { Operations: [{ op: 'add', path: 'members', value: [{ display: 'x' }] }] },
      'invalidValue',
    ],
    [{ Operations: [{ op: 'replace', value: { id: 'user' } }] }, 'mutability'],
    [{ Operations: [{ op: 'remove', path: 'members[display eq "x"]' }] }, 'invalidPath'],
  ])('refuses the PATCH %j with 400 %s', async (body, scimType) => {
    const response = await server.request('PATCH', '/Groups/admin', { body });

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe(scimType);
  });

  it('ignores a PATCH of an attribute no Group has, as a user PATCH does', async () => {
    const response = await server.request('PATCH', '/Groups/admin', {
      body: patch([{ op: 'add', path: 'owners', value: 'x' }]),
    });

    expect(response.status).toBe(204);
  });

  it('accepts a URN-qualified members path and a remove of several members joined by or', async () => {
    const [a, b, c] = await createUsers(3);
    await setMembers('user', []);

    const added = await server.request('PATCH', '/Groups/user', {
      body: patch([
        {
          op: 'add',
          path: `${GROUP_SCHEMA}:members`,
          value: [{ value: a }, { value: b }, { value: c }],
        },
      ]),
    });
    const removed = await server.request('PATCH', '/Groups/user', {
      body: patch([
        { op: 'remove', path: `members[value eq "${a}" or value eq "${c}"]` },
      ]),
    });

    expect(added.status).toBe(204);
    expect(removed.status).toBe(204);
    expect(await membersOf('user')).toEqual([b!]);
  });

  it('refuses a PATCH with a stale If-Match with 412', async () => {
    const current = await server.request(
      'GET',
      '/Groups/admin?excludedAttributes=members',
    );
    await setMembers('admin', await createUsers(1));
    // The group's version follows its members through the change feed.
    await server.service.settle();

    const response = await server.request('PATCH', '/Groups/admin', {
      headers: { 'If-Match': current.json.meta.version },
      body: patch([{ op: 'replace', path: 'members', value: [] }]),
    });

    expect(response.status).toBe(412);
    expect((await membersOf('admin')).length).toBe(1);
  });
});

describe('users show their groups and role', () => {
  it('shows groups and the highest role on GET /Users/{id}, read-only on PUT', async () => {
    const [id] = await createUsers(1);
    await server.request('PATCH', '/Groups/user', {
      body: patch([{ op: 'add', path: 'members', value: [{ value: id }] }]),
    });
    await server.request('PATCH', '/Groups/readonly', {
      body: patch([{ op: 'add', path: 'members', value: [{ value: id }] }]),
    });

    const user = await server.request('GET', `/Users/${id}`);
    const put = await server.request('PUT', `/Users/${id}`, {
      // Okta sends the last GET back, read-only groups and roles included.
      body: { ...user.json, groups: [{ value: 'admin' }], roles: [{ value: 'admin' }] },
    });

    expect(user.json.groups).toEqual([
      {
        value: 'user',
        $ref: `${server.baseUrl}/Groups/user`,
        display: 'user',
        type: 'direct',
      },
      {
        value: 'readonly',
        $ref: `${server.baseUrl}/Groups/readonly`,
        display: 'readonly',
        type: 'direct',
      },
    ]);
    expect(user.json.roles).toEqual([{ value: 'user', primary: true }]);
    expect(put.status).toBe(200);
    expect(put.json.roles).toEqual([{ value: 'user', primary: true }]);
    expect(put.json.groups.map((g: { value: string }) => g.value)).toEqual([
      'user',
      'readonly',
    ]);
  });

  it('drops a deleted user from the group', async () => {
    const [id] = await createUsers(1);
    await server.request('PATCH', '/Groups/admin', {
      body: patch([{ op: 'add', path: 'members', value: [{ value: id }] }]),
    });

    await server.request('DELETE', `/Users/${id}`);

    expect(await membersOf('admin')).not.toContain(id);
  });
});

describe('audit of membership changes', () => {
  it('records one entry per member added or removed, with the token, none for a no-op', async () => {
    const [a, b] = await createUsers(2);
    await setMembers('readonly', []);
    await server.service.settle();
    const team = await server.service.services.teams.findByName('default');
    const groupEntries = async () =>
      (await server.service.services.audit.list(team!.id)).filter(
        (entry) => entry.resourceType === 'Group',
      );
    const before = (await groupEntries()).length;

    await server.request('PATCH', '/Groups/readonly', {
      body: patch([{ op: 'add', path: 'members', value: [{ value: a }, { value: b }] }]),
    });
    await server.request('PATCH', '/Groups/readonly', {
      body: patch([{ op: 'add', path: 'members', value: [{ value: a }] }]),
    });
    await server.request('PATCH', '/Groups/readonly', {
      body: patch([{ op: 'remove', path: `members[value eq "${b}"]` }]),
    });
    await server.service.settle();
    const entries = await groupEntries();

    expect(entries.length - before).toBe(3);
    const actor = { type: 'token', tokenName: 'test' };
    expect(entries[0]).toMatchObject({
      operation: 'removeMember',
      resourceId: 'readonly',
      memberId: b,
      actor,
    });
    expect(entries.slice(1, 3)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation: 'addMember', memberId: a }),
        expect.objectContaining({ operation: 'addMember', memberId: b }),
      ]),
    );
  });
});
