import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

const patch = (operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: operations,
});

describe('addresses, as Entra ID’s default attribute mapping sends them', () => {
  it('keeps the addresses of a create', async () => {
    const address = {
      type: 'work',
      streetAddress: '1 Main St',
      locality: 'Springfield',
      country: 'US',
      primary: true,
    };

    const created = await server.request('POST', '/Users', {
      body: userBody({ addresses: [address] }),
    });

    expect(created.status).toBe(201);
    expect(created.json.addresses).toEqual([address]);
  });

  it('creates the work address from filtered PATCH paths and shows it on GET', async () => {
    const created = await server.request('POST', '/Users', { body: userBody() });

    const patched = await server.request('PATCH', `/Users/${created.json.id}`, {
      body: patch([
        {
          op: 'Add',
          path: 'addresses[type eq "work"].streetAddress',
          value: '2 High St',
        },
        { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '12345' },
        { op: 'Replace', path: 'addresses[type eq "work"].country', value: 'DE' },
      ]),
    });
    const read = await server.request('GET', `/Users/${created.json.id}`);

    expect(patched.status).toBe(200);
    expect(read.json.addresses).toEqual([
      { type: 'work', streetAddress: '2 High St', postalCode: '12345', country: 'DE' },
    ]);
  });

  it('finds users by a work address filter', async () => {
    const locality = `Town${Date.now()}`;
    const created = await server.request('POST', '/Users', {
      body: userBody({ addresses: [{ type: 'work', locality }] }),
    });

    const found = await server.request(
      'GET',
      `/Users?filter=${encodeURIComponent(`addresses[type eq "work" and locality eq "${locality.toLowerCase()}"]`)}`,
    );

    expect(found.json.Resources.map((user: { id: string }) => user.id)).toEqual([
      created.json.id,
    ]);
  });
});
