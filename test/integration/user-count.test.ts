import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';

import { teamPartition, USER_COUNT_SK } from '../../lambdas/store/keys';
import { injectFaults, writesUserItem } from '../support/faults';
import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;
let teamId: string;

beforeAll(async () => {
  server = await startTestServer({ expectServerErrors: true });
  const team = await server.service.services.teams.findByName('default');
  teamId = team?.id ?? '';
});

afterAll(async () => {
  await server.service.close();
});

const countKey = () => ({ pk: teamPartition(teamId), sk: USER_COUNT_SK });

async function storedCount(): Promise<unknown> {
  const { db, config } = server.service.services;
  const result = await db.send(
    new GetCommand({
      TableName: config.tableName,
      Key: countKey(),
      ConsistentRead: true,
    }),
  );
  return result.Item?.users;
}

async function totalResults(query: string): Promise<number> {
  const response = await server.request('GET', `/Users?${query}`);
  expect(response.status).toBe(200);
  return response.json.totalResults as number;
}

async function createUsers(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const created = await server.request('POST', '/Users', { body: userBody() });
    expect(created.status).toBe(201);
    ids.push(created.json.id as string);
  }
  return ids;
}

describe("a team's user count", () => {
  it('follows creates and deletes, and gives totalResults of a first page', async () => {
    const before = Number(await storedCount());
    const ids = await createUsers(3);
    expect((await server.request('DELETE', `/Users/${ids[0]}`)).status).toBe(204);

    expect(await storedCount()).toBe(before + 2);
    expect(await totalResults('startIndex=1&count=1')).toBe(before + 2);
    expect(await totalResults('cursor=&count=1')).toBe(before + 2);
  });

  it('runs high, never low, when a create stops between counting and writing the user', async () => {
    await createUsers(2);
    const faults = injectFaults(server.service.services.db, ({ command, input }) =>
      writesUserItem(command, input) ? 'timeout' : undefined,
    );
    const failed = await server.request('POST', '/Users', { body: userBody() });
    faults.stop();
    const walked = await server.request('GET', '/Users?startIndex=1&count=200');

    expect(failed.status).toBe(503);
    const users = walked.json.Resources.length as number;
    expect(await totalResults('startIndex=1&count=1')).toBe(users + 1);
    // A page that reaches the last user knows the exact total.
    expect(walked.json.totalResults).toBe(users);
  });

  it('frees the userName when counting the user is throttled', async () => {
    const before = await storedCount();
    const faults = injectFaults(server.service.services.db, ({ input }) =>
      JSON.stringify(input.Key ?? {}).includes(USER_COUNT_SK) ? 'throttle' : undefined,
    );
    const body = userBody();

    const refused = await server.request('POST', '/Users', { body });
    faults.stop();

    expect(refused.status).toBe(429);
    expect(await storedCount()).toBe(before);
    expect((await server.request('POST', '/Users', { body })).status).toBe(201);
  });

  it('is counted with a query when the team has no count item', async () => {
    const walked = await server.request('GET', '/Users?startIndex=1&count=200');
    const { db, config } = server.service.services;
    await db.send(new DeleteCommand({ TableName: config.tableName, Key: countKey() }));

    await createUsers(1);

    expect(await storedCount()).toBeUndefined();
    expect(await totalResults('startIndex=1&count=1')).toBe(
      (walked.json.Resources.length as number) + 1,
    );
  });
});
