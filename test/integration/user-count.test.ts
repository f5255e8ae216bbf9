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

const countKey = (team = teamId) => ({ pk: teamPartition(team), sk: USER_COUNT_SK });

async function storedCount(team = teamId): Promise<unknown> {
  const { db, config } = server.service.services;
  const result = await db.send(
    new GetCommand({
      TableName: config.tableName,
      Key: countKey(team),
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

async function createUsers(n: number, token?: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await server.createUser({}, token)).id as string);
  return ids;
}

async function walkedUsers(): Promise<number> {
  const walked = await server.request('GET', '/Users?startIndex=1&count=200');
  return walked.json.Resources.length as number;
}

describe("a team's user count, kept by the change feed", () => {
  it('follows creates and deletes, and gives totalResults of a first page', async () => {
    await server.service.settle();
    const before = Number(await storedCount());
    const ids = await createUsers(3);
    expect((await server.request('DELETE', `/Users/${ids[0]}`)).status).toBe(204);
    await server.service.settle();

    expect(await storedCount()).toBe(before + 2);
    expect(await totalResults('startIndex=1&count=1')).toBe(before + 2);
    expect(await totalResults('cursor=&count=1')).toBe(before + 2);
  });

  it('stays exact when a create stops between its guard and its user', async () => {
    await createUsers(2);
    const faults = injectFaults(server.service.services.db, ({ command, input }) =>
      writesUserItem(command, input) ? 'timeout' : undefined,
    );
    const failed = await server.request('POST', '/Users', { body: userBody() });
    faults.stop();
    await server.service.settle();

    expect(failed.status).toBe(503);
    expect(await storedCount()).toBe(await walkedUsers());
    expect(await totalResults('startIndex=1&count=1')).toBe(await walkedUsers());
  });

  it('counts every change once when a batch fails part-way and is retried', async () => {
    const otherToken = await server.service.issueToken('other-team', 'count');
    const other = await server.service.services.teams.findByName('other-team');
    await server.service.settle();
    const before = [Number(await storedCount()), Number(await storedCount(other?.id))];

    // The other team's count update fails on every SDK attempt, once, after
    // this team's count was already written in the same batch.
    let refused = 0;
    const faults = injectFaults(server.service.feedServices.db, ({ command, input }) =>
      /^Update(Item)?Command$/.test(command) &&
      JSON.stringify(input.Key).includes(`"${teamPartition(other?.id ?? '')}"`) &&
      JSON.stringify(input.Key).includes(USER_COUNT_SK) &&
      refused++ < 3
        ? 'throttle'
        : undefined,
    );
    server.service.feed.pause();
    const mine = await createUsers(2);
    await createUsers(1, otherToken);
    server.service.feed.resume();
    await server.service.settle();
    faults.stop();

    expect(faults.injected()).toBe(3);
    expect([Number(await storedCount()), Number(await storedCount(other?.id))]).toEqual([
      (before[0] ?? 0) + 2,
      (before[1] ?? 0) + 1,
    ]);
    const audit = await server.service.services.audit.list(teamId);
    for (const id of mine) {
      expect(audit.filter((entry) => entry.resourceId === id)).toHaveLength(1);
    }
  });

  it('is counted with a query when the team has no count item', async () => {
    await server.service.settle();
    const walked = await walkedUsers();
    const { db, config } = server.service.services;
    await db.send(new DeleteCommand({ TableName: config.tableName, Key: countKey() }));

    await createUsers(1);
    await server.service.settle();

    expect(await storedCount()).toBeUndefined();
    expect(await totalResults('startIndex=1&count=1')).toBe(walked + 1);
  });
});
