import { startTestServer, userBody, type TestServer } from '../support/local-server';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

const createUser = (overrides: Record<string, unknown> = {}) =>
  server.createUser(overrides);

function patch(id: string, operations: unknown[], headers: Record<string, string> = {}) {
  return server.request('PATCH', `/Users/${id}`, {
    body: { schemas: [PATCH_OP], Operations: operations },
    headers,
  });
}

const query = (filter: string, extra = '') =>
  server.request('GET', `/Users?filter=${encodeURIComponent(filter)}${extra}`);

describe('user lookup (IDP-TRAFFIC B)', () => {
  it('B11: finds a user by userName eq with startIndex and count', async () => {
    const user = await createUser();

    const response = await query(
      `userName eq "${user.userName}"`,
      '&startIndex=1&count=100',
    );

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
    });
    expect(response.json.Resources[0].id).toBe(user.id);
  });

  it('B11: answers an empty ListResponse when nothing matches', async () => {
    const response = await query('userName eq "nobody@example.com"');

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('B12: matches userName case-insensitively', async () => {
    const user = await createUser();

    const response = await query(`userName eq "${String(user.userName).toUpperCase()}"`);

    expect(response.json.totalResults).toBe(1);
    expect(response.json.Resources[0].id).toBe(user.id);
  });

  it('B13: reads + as a space and raw quotes in the query string', async () => {
    const user = await createUser();

    const response = await server.request(
      'GET',
      `/Users?filter=userName+eq+"${encodeURIComponent(user.userName)}"`,
    );

    expect(response.status).toBe(200);
    expect(response.json.totalResults).toBe(1);
  });

  it('B14: finds a user by externalId, quoted or unquoted, and case-exactly', async () => {
    const externalId = `jyoung${Math.random().toString(36).slice(2, 8)}`;
    const user = await createUser({ externalId });

    const quoted = await query(`externalId eq "${externalId}"`);
    const unquoted = await query(`externalId eq ${externalId}`);
    const otherCase = await query(`externalId eq "${externalId.toUpperCase()}"`);

    expect(quoted.json.Resources.map((found: { id: string }) => found.id)).toEqual([
      user.id,
    ]);
    expect(unquoted.json.totalResults).toBe(1);
    expect(otherCase.json.totalResults).toBe(0);
  });

  it('B14: finds a user by emails[type eq "work"].value, case-insensitively', async () => {
    const email = `work.${Math.random().toString(36).slice(2, 8)}@example.com`;
    const user = await createUser({
      emails: [
        { value: `home.${email}`, type: 'home' },
        { value: email, type: 'work', primary: true },
      ],
    });

    const found = await query(`emails[type eq "work"].value eq "${email.toUpperCase()}"`);
    const homeAsWork = await query(`emails[type eq "work"].value eq "home.${email}"`);

    expect(found.json.Resources.map((match: { id: string }) => match.id)).toEqual([
      user.id,
    ]);
    expect(homeAsWork.json.totalResults).toBe(0);
  });

  it('B15: finds deactivated users with active false', async () => {
    const user = await createUser({ active: false });

    const response = await query(`userName eq "${user.userName}"`);

    expect(response.json.Resources[0]).toMatchObject({ id: user.id, active: false });
  });

  it('B16: answers the reference check with the id only, 1 or 0 results', async () => {
    const manager = await createUser();
    const user = await createUser({ [ENTERPRISE]: { manager: { value: manager.id } } });

    const hit = await query(
      `id eq ${user.id} and manager eq ${manager.id}`,
      '&attributes=id',
    );
    const miss = await query(
      `id eq ${user.id} and manager eq ${user.id}`,
      '&attributes=id',
    );

    expect(hit.json.totalResults).toBe(1);
    expect(Object.keys(hit.json.Resources[0]).sort()).toEqual(['id', 'schemas']);
    expect(miss.json.totalResults).toBe(0);
  });

  it('answers 400 invalidFilter for a filter it cannot parse or answer', async () => {
    for (const filter of [
      '',
      '  ',
      'userName eq',
      'nosuch eq "x"',
      'active gt true',
      'emails[x[y eq 1]]',
    ]) {
      const response = await query(filter);

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    }
  });

  it('evaluates filters outside the look-ups over the team', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const a = await createUser({ title: `Engineer ${tag}`, active: false });
    await createUser({ title: `Manager ${tag}` });

    const response = await query(`title co "engineer ${tag}" and not (active eq true)`);

    expect(response.json.Resources.map((user: { id: string }) => user.id)).toEqual([
      a.id,
    ]);
  });

  it('compares meta.lastModified as a dateTime', async () => {
    const user = await createUser();

    const after = await query(
      `meta.lastModified ge "${user.meta.lastModified}" and id eq "${user.id}"`,
    );
    const before = await query(
      `meta.created lt "2000-01-01T00:00:00Z" and id eq "${user.id}"`,
    );

    expect(after.json.totalResults).toBe(1);
    expect(before.json.totalResults).toBe(0);
  });
});

describe('PATCH /Users/{id} (IDP-TRAFFIC E)', () => {
  it('E27: deactivates and reactivates with a path-less replace', async () => {
    const user = await createUser();

    const off = await patch(user.id, [{ op: 'replace', value: { active: false } }]);
    const on = await patch(user.id, [{ op: 'replace', value: { active: true } }]);

    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect(on.json.active).toBe(true);
  });

  it('E28/E29: accepts Replace with "False", "false" and false', async () => {
    const user = await createUser();

    for (const value of ['False', 'false', false]) {
      await patch(user.id, [{ op: 'replace', value: { active: true } }]);
      const response = await patch(user.id, [{ op: 'Replace', path: 'active', value }]);

      expect(response.status).toBe(200);
      expect(response.json.active).toBe(false);
    }
  });

  it('E30: replaces a filtered e-mail and a sub-attribute in one request', async () => {
    const user = await createUser();

    const response = await patch(user.id, [
      {
        op: 'Replace',
        path: 'emails[type eq "work"].value',
        value: 'updatedEmail@microsoft.com',
      },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    ]);

    expect(response.status).toBe(200);
    expect(response.json.emails).toEqual([
      expect.objectContaining({ type: 'work', value: 'updatedEmail@microsoft.com' }),
    ]);
    expect(response.json.name.familyName).toBe('updatedFamilyName');
  });

  it('E31: creates the element when Add targets a filter that matches nothing', async () => {
    const user = await createUser({ emails: undefined });

    const response = await patch(user.id, [
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'x@example.com' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
    ]);

    expect(response.json.emails).toEqual([{ type: 'work', value: 'x@example.com' }]);
    expect(response.json.phoneNumbers).toEqual([
      { type: 'mobile', value: '+1 555 0100' },
    ]);
    const found = await query('emails[type eq "work"].value eq "x@example.com"');
    expect(found.json.Resources.map((match: { id: string }) => match.id)).toContain(
      user.id,
    );
  });

  it('E32: replaces userName and adds nickName', async () => {
    const user = await createUser();
    const userName = `renamed.${Math.random().toString(36).slice(2, 8)}@testuser.com`;

    const response = await patch(user.id, [
      { op: 'Replace', path: 'userName', value: userName },
      { op: 'Add', path: 'nickName', value: 'Babs' },
    ]);

    expect(response.json).toMatchObject({ userName, nickName: 'Babs' });
    expect((await query(`userName eq "${userName}"`)).json.totalResults).toBe(1);
    expect((await query(`userName eq "${user.userName}"`)).json.totalResults).toBe(0);
  });

  it('E32: answers 409 when the new userName is taken', async () => {
    const taken = await createUser();
    const user = await createUser();

    const response = await patch(user.id, [
      { op: 'replace', path: 'userName', value: String(taken.userName).toUpperCase() },
    ]);

    expect(response.status).toBe(409);
    expect(response.json.scimType).toBe('uniqueness');
  });

  it('E33: applies a path-less replace with dotted and URN keys', async () => {
    const user = await createUser();

    const response = await patch(user.id, [
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe',
          'name.givenName': 'Kkom',
          'name.familyName': 'Unua',
          [`${ENTERPRISE}:employeeNumber`]: 'Aklq',
        },
      },
    ]);

    expect(response.json).toMatchObject({
      displayName: 'Bjfe',
      name: { givenName: 'Kkom', familyName: 'Unua' },
      [ENTERPRISE]: { employeeNumber: 'Aklq' },
    });
    expect(response.json.schemas).toContain(ENTERPRISE);
  });

  it('E34: replaces an enterprise attribute by its URN path', async () => {
    const user = await createUser();

    const response = await patch(user.id, [
      { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: 'Eqpj' },
      { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
    ]);

    expect(response.json[ENTERPRISE]).toEqual({
      employeeNumber: 'Eqpj',
      department: 'Sales',
    });
  });

  it('E35: sets manager from an array or a plain id and removes it by filter', async () => {
    const manager = await createUser();
    const user = await createUser();

    const asArray = await patch(user.id, [
      {
        op: 'Add',
        path: 'manager',
        value: [{ $ref: `${server.baseUrl}/Users/${manager.id}`, value: manager.id }],
      },
    ]);
    const asString = await patch(user.id, [
      { op: 'Add', path: `${ENTERPRISE}:manager`, value: manager.id },
    ]);
    const removed = await patch(user.id, [
      { op: 'remove', path: `manager[value eq "${manager.id}"]` },
    ]);

    const expected = {
      value: manager.id,
      $ref: `${server.baseUrl}/Users/${manager.id}`,
      displayName: `${manager.name.givenName} ${manager.name.familyName}`,
    };
    expect(asArray.json[ENTERPRISE].manager).toMatchObject(expected);
    expect(asString.json[ENTERPRISE].manager).toMatchObject(expected);
    expect(removed.status).toBe(200);
    expect(removed.json[ENTERPRISE]).toBeUndefined();
  });

  it('E35: shows the manager with displayName in lists too', async () => {
    const manager = await createUser({ displayName: 'The Boss' });
    const user = await createUser({ [ENTERPRISE]: { manager: manager.id } });

    const response = await query(`id eq "${user.id}"`);

    expect(response.json.Resources[0][ENTERPRISE].manager).toEqual({
      value: manager.id,
      $ref: `${server.baseUrl}/Users/${manager.id}`,
      displayName: 'The Boss',
    });
  });

  it('E36: writes nothing when a PATCH changes nothing', async () => {
    const user = await createUser({ title: 'Same' });

    const response = await patch(user.id, [
      { op: 'Replace', path: 'title', value: 'Same' },
      { op: 'Replace', path: 'active', value: 'True' },
    ]);

    expect(response.status).toBe(200);
    expect(response.json.meta.version).toBe(user.meta.version);
    expect(response.json.meta.lastModified).toBe(user.meta.lastModified);
  });

  it('E36: succeeds without change when a remove filter matches nothing', async () => {
    const user = await createUser();

    const response = await patch(user.id, [
      { op: 'remove', path: 'emails[type eq "home"]' },
    ]);

    expect(response.status).toBe(200);
    expect(response.json.emails).toEqual(user.emails);
  });

  it('ignores read-only attributes sent unchanged and refuses changed ones', async () => {
    const user = await createUser();

    const same = await patch(user.id, [
      { op: 'replace', value: { id: user.id, displayName: 'Same id' } },
    ]);
    const changed = await patch(user.id, [{ op: 'replace', path: 'id', value: 'other' }]);
    const meta = await patch(user.id, [
      { op: 'replace', path: 'meta.created', value: '2000-01-01T00:00:00Z' },
    ]);

    expect(same.status).toBe(200);
    expect(changed.status).toBe(400);
    expect(changed.json.scimType).toBe('mutability');
    expect(meta.status).toBe(400);
  });

  it('applies all operations or none', async () => {
    const user = await createUser();

    const response = await patch(user.id, [
      { op: 'replace', path: 'displayName', value: 'Half' },
      { op: 'remove', path: 'userName' },
    ]);
    const after = await server.request('GET', `/Users/${user.id}`);

    expect(response.status).toBe(400);
    expect(after.json.displayName).toBeUndefined();
    expect(after.json.meta.version).toBe(user.meta.version);
  });

  it('never stores a password sent by PATCH', async () => {
    const user = await createUser();

    const response = await patch(user.id, [
      { op: 'replace', path: 'password', value: 'hunter2-secret' },
    ]);

    expect(response.status).toBe(200);
    expect(response.text).not.toContain('hunter2-secret');
  });

  it('answers 400 for malformed PATCH bodies and 404 for unknown users', async () => {
    const user = await createUser();

    const noOps = await server.request('PATCH', `/Users/${user.id}`, {
      body: { schemas: [PATCH_OP] },
    });
    const badOp = await patch(user.id, [{ op: 'move', path: 'title', value: 'x' }]);
    const badPath = await patch(user.id, [
      { op: 'add', path: 'emails[type eq', value: 'x' },
    ]);
    const badValue = await patch(user.id, [
      { op: 'replace', path: 'active', value: 'maybe' },
    ]);
    const missing = await patch('no-such-user', [
      { op: 'replace', path: 'title', value: 'x' },
    ]);

    expect(noOps.status).toBe(400);
    expect(badOp.json.scimType).toBe('invalidSyntax');
    expect(badPath.json.scimType).toBe('invalidPath');
    expect(badValue.json.scimType).toBe('invalidValue');
    expect(missing.status).toBe(404);
  });
});

describe('ETags', () => {
  it('answers 412 to a PATCH with a stale If-Match and applies a current one', async () => {
    const user = await createUser();

    const current = await patch(user.id, [{ op: 'replace', path: 'title', value: 'A' }], {
      'If-Match': user.meta.version,
    });
    const stale = await patch(user.id, [{ op: 'replace', path: 'title', value: 'B' }], {
      'If-Match': user.meta.version,
    });

    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('W/"2"');
    expect(stale.status).toBe(412);
  });

  it('answers 304 to a GET whose If-None-Match names the current version', async () => {
    const user = await createUser();

    const same = await server.request('GET', `/Users/${user.id}`, {
      headers: { 'If-None-Match': user.meta.version },
    });
    const other = await server.request('GET', `/Users/${user.id}`, {
      headers: { 'If-None-Match': 'W/"999"' },
    });

    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(user.meta.version);
    expect(other.status).toBe(200);
  });
});

describe('projection', () => {
  it('returns only the named attributes, sub-attributes and URN-qualified ones, plus id', async () => {
    const user = await createUser({
      [ENTERPRISE]: { department: 'R&D', costCenter: '7' },
    });

    const response = await server.request(
      'GET',
      `/Users/${user.id}?attributes=userName,name.givenName,${ENTERPRISE}:department`,
    );

    expect(response.json).toEqual({
      schemas: user.schemas,
      id: user.id,
      userName: user.userName,
      name: { givenName: user.name.givenName },
      [ENTERPRISE]: { department: 'R&D' },
    });
  });

  it('removes excludedAttributes but never id, on lists and writes', async () => {
    const user = await createUser();

    const list = await query(
      `id eq "${user.id}"`,
      '&excludedAttributes=emails,name.familyName,id',
    );
    const patched = await server.request('PATCH', `/Users/${user.id}?attributes=title`, {
      body: { Operations: [{ op: 'add', path: 'title', value: 'Boss' }] },
    });

    expect(list.json.Resources[0].emails).toBeUndefined();
    expect(list.json.Resources[0].name).toEqual({ givenName: user.name.givenName });
    expect(list.json.Resources[0].id).toBe(user.id);
    expect(patched.json).toEqual({ schemas: user.schemas, id: user.id, title: 'Boss' });
  });
});

describe('projection on writes', () => {
  it('applies attributes to POST and PUT responses', async () => {
    const body = userBody();
    const created = await server.request('POST', '/Users?attributes=userName', { body });
    const replaced = await server.request(
      'PUT',
      `/Users/${created.json.id}?excludedAttributes=name,emails,meta,roles,active`,
      { body: { ...body, title: 'T' } },
    );

    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      schemas: body.schemas,
      id: created.json.id,
      userName: body.userName,
    });
    expect(replaced.json).toEqual({
      schemas: body.schemas,
      id: created.json.id,
      userName: body.userName,
      title: 'T',
    });
  });
});

describe('POST /Users/.search', () => {
  it('answers a SearchRequest like the equivalent GET', async () => {
    const user = await createUser();

    const response = await server.request('POST', '/Users/.search', {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: `userName eq "${user.userName}"`,
        attributes: ['userName'],
        startIndex: 1,
        count: 10,
      },
    });

    expect(response.status).toBe(200);
    expect(response.json.Resources).toEqual([
      { schemas: user.schemas, id: user.id, userName: user.userName },
    ]);
  });

  it('pages with a cursor given in the body and refuses a body that is not an object', async () => {
    const first = await server.request('POST', '/Users/.search', {
      body: { cursor: '', count: 1, excludedAttributes: 'emails' },
    });
    const second = await server.request('POST', '/Users/.search', {
      body: { cursor: first.json.nextCursor, count: 1 },
    });
    const bad = await server.request('POST', '/Users/.search', { body: ['filter'] });

    expect(first.json.Resources).toHaveLength(1);
    expect(first.json.Resources[0].emails).toBeUndefined();
    expect(second.json.Resources[0].id).not.toBe(first.json.Resources[0].id);
    expect(bad.status).toBe(400);
    expect(bad.json.scimType).toBe('invalidSyntax');
  });

  it('is not taken for a user id by GET', async () => {
    const response = await server.request('GET', '/Users/.search');

    expect(response.status).not.toBe(200);
  });
});
