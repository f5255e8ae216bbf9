import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { batchGet } from '../../lambdas/store/batch-get';
import { startTestTable, type TestTable } from '../support/dynamo';

let table: TestTable;
const keys = Array.from({ length: 150 }, (_, i) => ({
  pk: 'BATCH',
  sk: `ITEM#${String(i).padStart(3, '0')}`,
}));

beforeAll(async () => {
  table = await startTestTable();
  const client = table.client();
  for (const key of keys) {
    await client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...key, n: key.sk } }),
    );
  }
});

afterAll(async () => {
  await table.close();
});

/** Makes the table leave the first item of each answer unprocessed, `rounds` times. */
function leaveUnprocessed(client: DynamoDBDocumentClient, rounds: number) {
  let left = rounds;
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as {
        Responses?: Record<string, Record<string, unknown>[]>;
        UnprocessedKeys?: Record<string, { Keys: Record<string, unknown>[] }>;
      };
      const items = output.Responses?.[table.tableName];
      if (left > 0 && items && items.length > 0) {
        left -= 1;
        const [first, ...rest] = items;
        output.Responses = { [table.tableName]: rest };
        output.UnprocessedKeys = {
          [table.tableName]: { Keys: [{ pk: first?.pk, sk: first?.sk }] },
        };
      }
      return result;
    },
    { step: 'initialize', name: 'leaveUnprocessed' },
  );
}

describe('batchGet', () => {
  it('reads more keys than one BatchGetItem takes, and leaves missing ones out', async () => {
    const items = await batchGet(table.client(), table.tableName, [
      ...keys,
      { pk: 'BATCH', sk: 'NOPE' },
    ]);

    expect(items.map((item) => item.sk).sort()).toEqual(keys.map((key) => key.sk));
  });

  it('asks again for keys the table left unprocessed', async () => {
    const client = table.client();
    leaveUnprocessed(client, 3);

    const items = await batchGet(client, table.tableName, keys.slice(0, 10));

    expect(items.map((item) => item.sk).sort()).toEqual(
      keys.slice(0, 10).map((key) => key.sk),
    );
  });

  it('fails as throttled when keys stay unprocessed', async () => {
    const client = table.client();
    leaveUnprocessed(client, 100);

    await expect(
      batchGet(client, table.tableName, keys.slice(0, 3)),
    ).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });
});
