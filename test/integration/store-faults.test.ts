import { injectFaults, touchesToken, writesUserItem } from '../support/faults';
import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ expectServerErrors: true });
});

afterAll(async () => {
  await server.service.close();
});

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

async function userNamed(userName: string) {
  const found = await server.request(
    'GET',
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  return found.json.Resources as { id: string }[];
}

describe('when DynamoDB misbehaves', () => {
  it('retries a briefly throttled write and creates the user', async () => {
    let throttles = 2;
    const faults = injectFaults(server.service.services.db, ({ command, input }) =>
      writesUserItem(command, input) && throttles-- > 0 ? 'throttle' : undefined,
    );
    const body = userBody();

    const response = await server.request('POST', '/Users', { body });
    faults.stop();

    expect(response.status).toBe(201);
    expect(faults.injected()).toBe(2);
    expect(await userNamed(String(body.userName))).toHaveLength(1);
  });

  it('answers 429 with Retry-After when throttling lasts, and leaves the userName free', async () => {
    const faults = injectFaults(server.service.services.db, ({ command, input }) =>
      writesUserItem(command, input) ? 'throttle' : undefined,
    );
    const body = userBody();

    const response = await server.request('POST', '/Users', { body });
    faults.stop();

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '429' });
    expect(await userNamed(String(body.userName))).toEqual([]);
    expect((await server.request('POST', '/Users', { body })).status).toBe(201);
  });

  it.each(['connection-reset', 'timeout'] as const)(
    'answers 503 with Retry-After when every attempt ends in a %s',
    async (fault) => {
      const faults = injectFaults(server.service.services.db, ({ input }) =>
        touchesToken(input) ? undefined : fault,
      );

      const response = await server.request('GET', '/Users');
      faults.stop();

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(response.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '503' });
    },
  );

  it('leaves a user untouched when its update cannot be written', async () => {
    const created = await server.request('POST', '/Users', { body: userBody() });
    const faults = injectFaults(server.service.services.db, ({ command, input }) =>
      writesUserItem(command, input) ? 'connection-reset' : undefined,
    );

    const response = await server.request('PUT', `/Users/${created.json.id}`, {
      body: { ...created.json, displayName: 'Changed' },
    });
    faults.stop();
    const after = await server.request('GET', `/Users/${created.json.id}`);

    expect(response.status).toBe(503);
    expect(after.json).toEqual(created.json);
  });

  it('answers 503 with Retry-After when the authorizer cannot read the token', async () => {
    const faults = injectFaults(server.service.services.db, ({ input }) =>
      touchesToken(input) ? 'connection-reset' : undefined,
    );

    const response = await server.request('GET', '/Users');
    faults.stop();

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.json).toMatchObject({ schemas: [ERROR_SCHEMA], status: '503' });
  });
});
