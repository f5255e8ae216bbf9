import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';

import { changeFeedHandler } from '../../lambdas/handlers/change-feed';
import { buildServices, type Services } from '../../lambdas/runtime/services';
import type { Team } from '../../lambdas/store/team-store';
import { passesChangeFeedFilter } from '../../lib/change-feed';
import { ensureTable, startDynalite, type LocalDynamo } from '../../local/dynalite';
import { LocalEventSource } from '../../local/event-source';

const TABLE = 'scim-feed';
const records: DynamoDBRecord[] = [];
let dynamo: LocalDynamo;
let raw: DynamoDBClient;
let services: Services;

beforeAll(async () => {
  dynamo = await startDynalite({
    stream: {
      tableName: TABLE,
      emit: (record) => {
        records.push(record);
      },
    },
  });
  await ensureTable(dynamo.endpoint, TABLE);
  await ensureTable(dynamo.endpoint, 'elsewhere');
  raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  services = buildServices({
    tableName: TABLE,
    dynamoEndpoint: dynamo.endpoint,
    region: 'us-east-1',
  });
});

afterAll(async () => {
  raw.destroy();
  services.db.destroy();
  await dynamo.close();
});

beforeEach(() => {
  records.length = 0;
});

const key = (sk: string) => ({ pk: { S: 'TEST' }, sk: { S: sk } });
const put = (sk: string, value: string, extra: Record<string, unknown> = {}) =>
  raw.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { ...key(sk), value: { S: value } },
      ...extra,
    }),
  );
const valueOf = (image: Record<string, { S?: string }> | undefined) => image?.value?.S;

describe('the local stand-in for DynamoDB Streams', () => {
  it('records INSERT, MODIFY and REMOVE with the images before and after', async () => {
    await put('a', 'one');
    await raw.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: key('a'),
        UpdateExpression: 'SET #v = :v',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: { ':v': { S: 'two' } },
      }),
    );
    await raw.send(new DeleteItemCommand({ TableName: TABLE, Key: key('a') }));

    expect(records.map((record) => record.eventName)).toEqual([
      'INSERT',
      'MODIFY',
      'REMOVE',
    ]);
    const [insert, modify, remove] = records.map((record) => record.dynamodb);
    expect([valueOf(insert?.OldImage), valueOf(insert?.NewImage)]).toEqual([
      undefined,
      'one',
    ]);
    expect([valueOf(modify?.OldImage), valueOf(modify?.NewImage)]).toEqual([
      'one',
      'two',
    ]);
    expect([valueOf(remove?.OldImage), valueOf(remove?.NewImage)]).toEqual([
      'two',
      undefined,
    ]);
    expect(insert?.Keys).toEqual(key('a'));
    expect(insert?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    const sequences = records.map((record) => record.dynamodb?.SequenceNumber ?? '');
    expect([...sequences].sort()).toEqual(sequences);
    expect(new Set(sequences).size).toBe(3);
  });

  it('records nothing for a refused condition, an unchanged item, a missing delete or another table', async () => {
    await put('b', 'same');
    records.length = 0;

    await expect(
      put('b', 'other', { ConditionExpression: 'attribute_not_exists(pk)' }),
    ).rejects.toThrow();
    await put('b', 'same');
    await raw.send(new DeleteItemCommand({ TableName: TABLE, Key: key('missing') }));
    await raw.send(
      new PutItemCommand({
        TableName: 'elsewhere',
        Item: { ...key('b'), v: { S: 'x' } },
      }),
    );

    expect(records).toEqual([]);
  });

  it('records each item of a batch write', async () => {
    await raw.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [TABLE]: ['c1', 'c2', 'c3'].map((sk) => ({
            PutRequest: { Item: { ...key(sk), value: { S: sk } } },
          })),
        },
      }),
    );

    expect(records.map((record) => valueOf(record.dynamodb?.NewImage)).sort()).toEqual([
      'c1',
      'c2',
      'c3',
    ]);
  });

  it('chains concurrent writes to one item: each old image is the previous new image', async () => {
    await put('d', '0');
    records.length = 0;

    await Promise.all(
      Array.from({ length: 12 }, () =>
        raw.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: key('d'),
            UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one',
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } },
          }),
        ),
      ),
    );

    const counts = records.map((record) => [
      (record.dynamodb?.OldImage?.n as { N?: string } | undefined)?.N ?? '0',
      (record.dynamodb?.NewImage?.n as { N?: string } | undefined)?.N,
    ]);
    expect(counts).toEqual(
      Array.from({ length: 12 }, (_, n) => [String(n), String(n + 1)]),
    );
  });
});

describe('the local event source mapping', () => {
  const record = (sk: string): DynamoDBRecord => ({
    eventName: 'INSERT',
    dynamodb: { Keys: { pk: { S: 'T' }, sk: { S: sk } }, SequenceNumber: sk },
  });

  it('delivers matching records in order, in batches, and holds them while paused', async () => {
    const seen: string[][] = [];
    const source = new LocalEventSource(
      async (event) => {
        seen.push(event.Records.map((r) => String(r.dynamodb?.Keys?.sk?.S)));
      },
      {
        batchSize: 3,
        retryAttempts: 2,
        filter: (r) => passesChangeFeedFilter(r.dynamodb?.Keys ?? {}),
        log: () => undefined,
      },
    );

    source.pause();
    for (const sk of ['USER#1', 'GUARD#x', 'USER#2', 'USER#3', 'USER#4', 'USER#5'])
      source.push(record(sk));
    expect(source.backlog).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
    source.resume();
    await source.settle();

    expect(seen).toEqual([
      ['USER#1', 'USER#2', 'USER#3'],
      ['USER#4', 'USER#5'],
    ]);
  });

  it('splits a failing batch, retries, and gives up only the record that keeps failing', async () => {
    const handled: string[] = [];
    const logged: string[] = [];
    const source = new LocalEventSource(
      async (event) => {
        const keys = event.Records.map((r) => String(r.dynamodb?.Keys?.sk?.S));
        if (keys.includes('USER#bad')) throw new Error('poison');
        handled.push(...keys);
      },
      {
        batchSize: 4,
        retryAttempts: 3,
        retryDelayMs: 1,
        filter: () => true,
        log: (line) => logged.push(line),
      },
    );

    for (const sk of ['USER#a', 'USER#b', 'USER#bad', 'USER#c']) source.push(record(sk));
    await source.settle();

    expect(handled).toEqual(['USER#a', 'USER#b', 'USER#c']);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({
      level: 'error',
      records: 1,
      firstSequence: 'USER#bad',
    });
  });
});

describe('the change-feed function', () => {
  let team: Team;

  beforeAll(async () => {
    team = (await services.teams.create('feed-team')) as Team;
  });

  it('audits and counts a redelivered batch once', async () => {
    const handler = changeFeedHandler(services);
    const actor = { type: 'token', tokenId: 't1', tokenName: 'okta' } as const;
    const before = await services.users.count(team.id);
    const user = await services.users.create(
      team.id,
      { core: { userName: 'feed@example.com', active: true } },
      actor,
    );
    await services.users.setGroupMembership(team.id, user.id, 'admin', true, actor);
    const batch = records.filter((r) => passesChangeFeedFilter(r.dynamodb?.Keys ?? {}));

    await handler({ Records: batch });
    await handler({ Records: batch });
    await handler({ Records: batch.slice(1) });

    expect(batch.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(await services.users.count(team.id)).toBe(before + 1);
    const entries = (await services.audit.list(team.id)).filter(
      (entry) => entry.resourceId === user.id || entry.memberId === user.id,
    );
    expect(entries).toEqual([
      expect.objectContaining({
        operation: 'addMember',
        resourceType: 'Group',
        resourceId: 'admin',
        memberId: user.id,
        actor,
      }),
      expect.objectContaining({ operation: 'create', resourceType: 'User', actor }),
    ]);
  });
});
