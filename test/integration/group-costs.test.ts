import { countCommands } from '../support/dynamo';
import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;
let counts: Map<string, number>;
let users: string[];

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

beforeAll(async () => {
  server = await startTestServer();
  users = [];
  for (let i = 0; i < 30; i++) {
    const created = await server.request('POST', '/Users', { body: userBody() });
    users.push(String(created.json.id));
  }
  await server.request('PATCH', '/Groups/user', {
    body: {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: users[0] }] }],
    },
  });
  counts = countCommands(server.service.services.db);
});

afterAll(async () => {
  await server.service.close();
});

/** DynamoDB calls a request makes beyond the authorizer's (an authorized request that reads nothing). */
async function callsOf(method: string, path: string, body?: unknown) {
  await server.request('GET', '/ServiceProviderConfig');
  counts.clear();
  await server.request('GET', '/ServiceProviderConfig');
  const authorizer = new Map(counts);

  counts.clear();
  const response = await server.request(method, path, body ? { body } : {});
  const calls: Record<string, number> = {};
  for (const [name, n] of counts) {
    const own = n - (authorizer.get(name) ?? 0);
    if (own > 0) calls[name] = own;
  }
  return { status: response.status, calls };
}

function patch(operations: unknown[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

describe('DynamoDB calls per group request', () => {
  it('answers the membership check with attributes=id with one read of the user', async () => {
    const filter = encodeURIComponent(`id eq "user" and members eq "${users[0]}"`);

    const result = await callsOf('GET', `/Groups?filter=${filter}&attributes=id`);

    expect(result).toEqual({ status: 200, calls: { GetItemCommand: 1 } });
  });

  it('reads a group without members with one Query, whatever the team holds', async () => {
    const result = await callsOf('GET', '/Groups/user?excludedAttributes=members');

    expect(result).toEqual({ status: 200, calls: { QueryCommand: 1 } });
  });

  it('reads a small group with members with one Query for the group and one of its index', async () => {
    const result = await callsOf('GET', '/Groups/user');

    expect(result).toEqual({ status: 200, calls: { QueryCommand: 2 } });
  });

  it('adds members with one write each and one batch read; nothing else is written in the request', async () => {
    const added = users.slice(1, 4).map((value) => ({ value }));

    const result = await callsOf(
      'PATCH',
      '/Groups/user',
      patch([{ op: 'add', path: 'members', value: added }]),
    );

    expect(result).toEqual({
      status: 204,
      calls: {
        QueryCommand: 1,
        BatchGetItemCommand: 1,
        UpdateItemCommand: 3,
      },
    });
  });

  it('removes members with one write each and no validation read', async () => {
    const result = await callsOf(
      'PATCH',
      '/Groups/user',
      patch([
        { op: 'remove', path: `members[value eq "${users[1]}"]` },
        { op: 'remove', path: `members[value eq "${users[2]}"]` },
      ]),
    );

    expect(result).toEqual({
      status: 204,
      calls: {
        QueryCommand: 1,
        UpdateItemCommand: 2,
      },
    });
  });

  it('leaves the group version and the audit entries to the change feed: one batch write and one update', async () => {
    await server.service.settle();
    const feed = countCommands(server.service.feedServices.db);
    const before = await server.request('GET', '/Groups/user?excludedAttributes=members');

    // Held back, so that the four changes reach the feed as one batch.
    server.service.feed.pause();
    const result = await callsOf(
      'PATCH',
      '/Groups/user',
      patch([
        {
          op: 'add',
          path: 'members',
          value: users.slice(5, 9).map((value) => ({ value })),
        },
      ]),
    );
    server.service.feed.resume();
    await server.service.settle();
    const after = await server.request('GET', '/Groups/user?excludedAttributes=members');

    expect(result.calls.UpdateItemCommand).toBe(4);
    expect(Object.fromEntries(feed)).toEqual({
      BatchWriteItemCommand: 1,
      UpdateItemCommand: 1,
    });
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });

  it('reads a user in no group with one GetItem: the default role comes with the token', async () => {
    const result = await callsOf('GET', `/Users/${users[29]}`);

    expect(result).toEqual({ status: 200, calls: { GetItemCommand: 1 } });
  });
});
