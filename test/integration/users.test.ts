import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

const createUser = (overrides: Record<string, unknown> = {}) =>
  server.createUser(overrides);

describe('POST /Users', () => {
  it('creates a user and answers 201 with Location, ETag and the full resource', async () => {
    const body = userBody({ password: 'hunter2-secret', externalId: 'ext-1' });

    const response = await server.request('POST', '/Users', { body });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.headers.get('location')).toBe(
      `${server.baseUrl}/Users/${response.json.id}`,
    );
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(response.json).toMatchObject({
      userName: body.userName,
      name: body.name,
      active: true,
      externalId: 'ext-1',
      meta: {
        resourceType: 'User',
        version: 'W/"1"',
        location: response.headers.get('location'),
      },
    });
    expect(response.text).not.toContain('hunter2-secret');
    expect(response.json.password).toBeUndefined();
  });

  it('accepts Entra ID’s create with scim+json; charset, nulls and unknown schemas', async () => {
    const response = await server.request('POST', '/Users', {
      rawBody: JSON.stringify({
        schemas: [
          'urn:ietf:params:scim:schemas:core:2.0:User',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0User',
        ],
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        userName: 'Test_User_00aa00aa@testuser.com',
        active: true,
        addresses: null,
        emails: [
          { primary: true, type: 'work', value: 'Test_User_00aa00aa@testuser.com' },
        ],
        meta: { resourceType: 'User' },
        name: {
          formatted: 'givenName familyName',
          familyName: 'familyName',
          givenName: 'givenName',
        },
        roles: [],
      }),
      headers: { 'Content-Type': 'application/scim+json; charset=utf-8' },
    });

    expect(response.status).toBe(201);
    expect(response.json.externalId).toBe('0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef');
  });

  it('returns 409 uniqueness when the userName is taken in another case', async () => {
    const body = userBody();
    await server.request('POST', '/Users', { body });

    const again = await server.request('POST', '/Users', {
      body: { ...body, userName: String(body.userName).toUpperCase() },
    });

    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it.each([
    ['malformed JSON', { rawBody: '{"userName": ' }, 400, 'invalidSyntax'],
    ['an array body', { body: [] }, 400, 'invalidSyntax'],
    [
      'no userName',
      { body: { name: { givenName: 'A', familyName: 'B' } } },
      400,
      'invalidValue',
    ],
    ['no name', { body: { userName: 'x@example.com' } }, 400, 'invalidValue'],
    ['active as an object', { body: userBody({ active: {} }) }, 400, 'invalidValue'],
    ['emails as a number', { body: userBody({ emails: 5 }) }, 400, 'invalidValue'],
    ['an empty body', { rawBody: '' }, 400, 'invalidSyntax'],
  ])('refuses %s with %i %s', async (_label, options, status, scimType) => {
    const response = await server.request('POST', '/Users', {
      ...options,
      headers: { 'Content-Type': 'application/json' },
    });

    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(status),
      scimType,
    });
  });

  it('refuses an XML body with 415', async () => {
    const response = await server.request('POST', '/Users', {
      rawBody: '<User/>',
      headers: { 'Content-Type': 'application/xml' },
    });

    expect(response.status).toBe(415);
    expect(response.json.status).toBe('415');
  });
});

describe('GET /Users/{id}', () => {
  it('returns the user with its ETag', async () => {
    const user = await createUser();

    const response = await server.request('GET', `/Users/${user.id}`);

    expect(response.status).toBe(200);
    expect(response.json).toEqual(user);
    expect(response.headers.get('etag')).toBe(user.meta.version);
  });

  it('returns a SCIM 404 for an unknown id', async () => {
    const response = await server.request('GET', '/Users/00919288221112222');

    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ status: '404' });
    expect(response.json.detail).toContain('00919288221112222');
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces the user, ignoring read-only attributes and dropping the password', async () => {
    const user = await createUser({ displayName: 'Before', title: 'Engineer' });
    const { title: _dropped, ...withoutTitle } = user;

    const response = await server.request('PUT', `/Users/${user.id}`, {
      body: {
        ...withoutTitle,
        id: 'someone-else',
        displayName: 'After',
        active: false,
        password: 'n3w-secret',
        meta: { ...user.meta, version: 'W/"99"' },
        groups: [{ value: 'admin' }],
      },
    });

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      id: user.id,
      displayName: 'After',
      active: false,
    });
    expect(response.json.title).toBeUndefined();
    expect(response.json.meta.version).toBe('W/"2"');
    expect(response.json.meta.created).toBe(user.meta.created);
    expect(response.text).not.toContain('n3w-secret');
  });

  it('renames a user and frees the old userName', async () => {
    const user = await createUser();
    const renamed = `renamed.${user.id}@example.com`;

    const response = await server.request('PUT', `/Users/${user.id}`, {
      body: { ...user, userName: renamed },
    });
    const reuse = await server.request('POST', '/Users', {
      body: userBody({ userName: user.userName }),
    });

    expect(response.status).toBe(200);
    expect(response.json.userName).toBe(renamed);
    expect(reuse.status).toBe(201);
  });

  it('returns 409 when renaming to a userName another user holds', async () => {
    const first = await createUser();
    const second = await createUser();

    const response = await server.request('PUT', `/Users/${second.id}`, {
      body: { ...second, userName: first.userName.toUpperCase() },
    });

    expect(response.status).toBe(409);
    expect(response.json.scimType).toBe('uniqueness');
  });

  it('returns 412 when If-Match names an old version, and 200 with the current one', async () => {
    const user = await createUser();
    await server.request('PUT', `/Users/${user.id}`, {
      body: { ...user, displayName: 'v2' },
    });

    const stale = await server.request('PUT', `/Users/${user.id}`, {
      body: { ...user, displayName: 'v3' },
      headers: { 'If-Match': 'W/"1"' },
    });
    const current = await server.request('PUT', `/Users/${user.id}`, {
      body: { ...user, displayName: 'v3' },
      headers: { 'If-Match': 'W/"2"' },
    });

    expect(stale.status).toBe(412);
    expect(stale.json.status).toBe('412');
    expect(current.status).toBe(200);
  });

  it('returns 404 for an unknown id', async () => {
    const response = await server.request('PUT', '/Users/nobody', { body: userBody() });

    expect(response.status).toBe(404);
  });
});

describe('DELETE /Users/{id}', () => {
  it('answers 204, then 404 on GET, and frees the userName', async () => {
    const user = await createUser();

    const deleted = await server.request('DELETE', `/Users/${user.id}`);
    const after = await server.request('GET', `/Users/${user.id}`);
    const again = await server.request('DELETE', `/Users/${user.id}`);
    const reuse = await server.request('POST', '/Users', {
      body: userBody({ userName: user.userName }),
    });

    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(after.status).toBe(404);
    expect(again.status).toBe(404);
    expect(reuse.status).toBe(201);
  });
});

describe('GET /Users', () => {
  it('finds a user by userName in any case, also with + for spaces', async () => {
    const user = await createUser();

    const response = await server.request(
      'GET',
      `/Users?filter=userName+eq+%22${encodeURIComponent(user.userName.toUpperCase())}%22`,
    );

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      totalResults: 1,
      itemsPerPage: 1,
      startIndex: 1,
    });
    expect(response.json.Resources[0].id).toBe(user.id);
  });

  it('finds users by externalId and by id', async () => {
    const user = await createUser({ externalId: `ext-${Date.now()}` });

    const byExternalId = await server.request(
      'GET',
      `/Users?filter=${encodeURIComponent(`externalId eq "${user.externalId}"`)}`,
    );
    const byId = await server.request(
      'GET',
      `/Users?filter=${encodeURIComponent(`id eq "${user.id}"`)}`,
    );

    expect(byExternalId.json.Resources.map((found: { id: string }) => found.id)).toEqual([
      user.id,
    ]);
    expect(byId.json.Resources.map((found: { id: string }) => found.id)).toEqual([
      user.id,
    ]);
  });

  it('answers an empty ListResponse when nothing matches', async () => {
    const response = await server.request(
      'GET',
      '/Users?filter=userName+eq+%227d420df3-9995-4831-a406-ecf8166f5f6a%22',
    );

    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('refuses a malformed filter with 400 invalidFilter, never the whole list', async () => {
    const response = await server.request(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq')}`,
    );

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe('invalidFilter');
  });

  it('walks every user exactly once with startIndex and count, in a stable order', async () => {
    for (let i = 0; i < 5; i++) await createUser();
    // Pages short of the end take totalResults from the count the change feed keeps.
    await server.service.settle();
    const all = await server.request('GET', '/Users?startIndex=1&count=200');
    const total: number = all.json.totalResults;

    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= total; startIndex += 2) {
      const page = await server.request('GET', `/Users?startIndex=${startIndex}&count=2`);
      expect(page.json.startIndex).toBe(startIndex);
      expect(page.json.totalResults).toBe(total);
      seen.push(...page.json.Resources.map((user: { id: string }) => user.id));
    }

    expect(seen).toEqual(all.json.Resources.map((user: { id: string }) => user.id));
    expect(new Set(seen).size).toBe(total);
  });

  it('answers count=0 with the total and no resources', async () => {
    const response = await server.request('GET', '/Users?count=0');

    expect(response.json.totalResults).toBeGreaterThan(0);
    expect(response.json.Resources).toEqual([]);
  });
});
