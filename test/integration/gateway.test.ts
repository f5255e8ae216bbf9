import { startTestServer, type TestServer } from '../support/local-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('the emulated API Gateway', () => {
  it.each(['Bearer', 'bearer', 'BEARER'])('accepts the %s scheme', async (scheme) => {
    const response = await server.request('GET', '/Users', {
      headers: { Authorization: `${scheme} ${server.token}` },
    });

    expect(response.status).toBe(200);
  });

  it.each([
    ['no Authorization header', null, undefined],
    ['a header that is not a bearer token', undefined, 'non-token'],
    [
      'an unknown token',
      undefined,
      'Bearer sscim_000000000000000000000000000000000000000000000000000',
    ],
    ['a basic credential', undefined, 'Basic dXNlcjpwYXNz'],
  ])('answers %s with a SCIM 401', async (_label, token, header) => {
    const response = await server.request('GET', '/Users', {
      token,
      headers: header ? { Authorization: header } : {},
    });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' });
    expect(response.json.detail).toEqual(expect.any(String));
  });

  it.each([
    ['GET', '/NoSuchThing'],
    ['DELETE', '/Users'],
    ['PATCH', '/ServiceProviderConfig'],
  ])('answers %s %s with a SCIM 404', async (method, path) => {
    const response = await server.request(method, path);

    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '404' });
  });

  it('answers a body over 10 MB with a SCIM 413', async () => {
    const response = await server.request('POST', '/Users', {
      rawBody: `{"userName":"${'x'.repeat(10 * 1024 * 1024)}"}`,
      headers: { 'Content-Type': 'application/json' },
    });

    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '413' });
  });

  it('needs neither Accept nor User-Agent', async () => {
    const response = await fetch(`${server.baseUrl}/Users`, {
      headers: { Authorization: `Bearer ${server.token}`, Accept: '', 'User-Agent': '' },
    });

    expect(response.status).toBe(200);
  });

  it('sets Cache-Control: no-store on answers', async () => {
    const response = await server.request('GET', '/Users');

    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('writes one JSON log line per request with method, path, status, duration and team, never the token', async () => {
    const before = server.logs.length;

    await server.request('GET', '/ServiceProviderConfig');

    const lines = server.logs.slice(before).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      message: 'request',
      method: 'GET',
      path: '/scim/v2/ServiceProviderConfig',
      status: 200,
      team: expect.any(String),
      durationMs: expect.any(Number),
    });
    expect(server.logs.join('\n')).not.toContain(server.token);
  });
});

describe('discovery', () => {
  it('serves ServiceProviderConfig saying what is implemented', async () => {
    const response = await server.request('GET', '/ServiceProviderConfig');

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      bulk: { supported: false },
      filter: { supported: true, maxResults: expect.any(Number) },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
  });

  it('serves every schema and each one by id', async () => {
    const list = await server.request('GET', '/Schemas');
    const ids: string[] = list.json.Resources.map((schema: { id: string }) => schema.id);

    expect(ids).toContain('urn:ietf:params:scim:schemas:core:2.0:User');
    for (const id of ids) {
      const one = await server.request('GET', `/Schemas/${encodeURIComponent(id)}`);
      expect(one.status).toBe(200);
      expect(one.json.id).toBe(id);
    }
  });

  it('serves the resource types and each one by id', async () => {
    const list = await server.request('GET', '/ResourceTypes');
    const user = await server.request('GET', '/ResourceTypes/User');

    expect(list.json.Resources.map((type: { id: string }) => type.id)).toContain('User');
    expect(user.json).toMatchObject({ id: 'User', endpoint: '/Users' });
  });

  it('answers an unknown schema or resource type with 404', async () => {
    expect((await server.request('GET', '/Schemas/urn:nope')).status).toBe(404);
    expect((await server.request('GET', '/ResourceTypes/Nope')).status).toBe(404);
  });
});
