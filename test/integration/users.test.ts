import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

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

  it('returns 409 uniqueness when the userName is taken in another case', async () => {
    const body = userBody();
    await server.request('POST', '/Users', { body });

    const again = await server.request('POST', '/Users', {
      body: { ...body, userName: String(body.userName).toUpperCase() },
    });

    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });
});
