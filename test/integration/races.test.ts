import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

const CLIENTS = 8;
const patch = (operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: operations,
});

const createUser = () => server.createUser();

async function findByUserName(userName: string) {
  const response = await server.request(
    'GET',
    `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
  );
  return response.json.Resources as { id: string }[];
}

describe('racing requests', () => {
  it('creating one userName from many clients gives one 201 and 409 for the rest', async () => {
    const body = userBody();

    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        server.request('POST', '/Users', {
          body: {
            ...body,
            userName: i % 2 ? String(body.userName).toUpperCase() : body.userName,
          },
        }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(CLIENTS - 1).fill(409)]);
    expect(await findByUserName(String(body.userName))).toHaveLength(1);
  });

  it('PATCHes with the same If-Match let exactly one win and answer 412 to the others', async () => {
    const user = await createUser();

    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        server.request('PATCH', `/Users/${user.id}`, {
          body: patch([{ op: 'replace', path: 'displayName', value: `writer ${i}` }]),
          headers: { 'If-Match': user.meta.version },
        }),
      ),
    );

    const winners = responses.filter((response) => response.status === 200);
    expect(winners).toHaveLength(1);
    expect(responses.filter((response) => response.status === 412)).toHaveLength(
      CLIENTS - 1,
    );
    const final = await server.request('GET', `/Users/${user.id}`);
    expect(final.json.displayName).toBe(winners[0]?.json.displayName);
  });

  it('PUTs with the same If-Match let exactly one win', async () => {
    const user = await createUser();

    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        server.request('PUT', `/Users/${user.id}`, {
          body: { ...user, title: `title ${i}` },
          headers: { 'If-Match': user.meta.version },
        }),
      ),
    );

    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 412)).toHaveLength(
      CLIENTS - 1,
    );
  });

  it('PATCHes without If-Match lose no applied change', async () => {
    const user = await createUser();

    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        server.request('PATCH', `/Users/${user.id}`, {
          body: patch([
            {
              op: 'add',
              path: 'phoneNumbers',
              value: [{ value: `+1555000${i}`, type: 'work' }],
            },
          ]),
        }),
      ),
    );

    const final = await server.request('GET', `/Users/${user.id}`);
    const numbers: string[] = (final.json.phoneNumbers ?? []).map(
      (p: { value: string }) => p.value,
    );
    responses.forEach((response, i) => {
      expect([200, 409]).toContain(response.status);
      expect(numbers.includes(`+1555000${i}`)).toBe(response.status === 200);
    });
    expect(responses.some((response) => response.status === 200)).toBe(true);
  });

  it('a delete racing updates and a rename leaves a consistent user and userName', async () => {
    const user = await createUser();
    const renamed = `renamed.${user.userName}`;

    const [deleted, ...updates] = await Promise.all([
      server.request('DELETE', `/Users/${user.id}`),
      server.request('PUT', `/Users/${user.id}`, {
        body: { ...user, userName: renamed },
      }),
      server.request('PATCH', `/Users/${user.id}`, {
        body: patch([{ op: 'replace', path: 'active', value: false }]),
      }),
    ]);

    expect(deleted?.status).toBe(204);
    updates.forEach((response) => expect([200, 404, 409]).toContain(response.status));
    expect((await server.request('GET', `/Users/${user.id}`)).status).toBe(404);
    expect(await findByUserName(user.userName)).toEqual([]);
    expect(await findByUserName(renamed)).toEqual([]);
  });
});
