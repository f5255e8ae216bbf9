import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ensureTable, type LocalDynamo } from '../../local/dynalite';
import { startDynaliteProcess } from '../../local/dynalite-process';

const TABLE = 'scim-process-test';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
const records: DynamoDBRecord[] = [];

beforeAll(async () => {
  dynamo = await startDynaliteProcess({
    stream: { tableName: TABLE, emit: (record) => void records.push(record) },
  });
  await ensureTable(dynamo.endpoint, TABLE);
  client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

/** Whether anything answers HTTP at `endpoint`. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('dynalite in its own process', () => {
  it('serves reads and writes over HTTP', async () => {
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          pk: { S: 'USER#1' },
          sk: { S: 'A' },
          data: { B: Uint8Array.of(1, 2, 3) },
        },
      }),
    );
    const read = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'USER#1' }, sk: { S: 'A' } },
      }),
    );

    expect(read.Item?.data?.B).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('hands every change record to this process before the write is answered', async () => {
    const before = records.length;
    for (let n = 0; n < 40; n++) {
      await client.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'USER#2' }, sk: { S: 'A' } },
          UpdateExpression: 'SET n = :n',
          ExpressionAttributeValues: { ':n': { N: String(n) } },
        }),
      );
      // Nothing awaited between the answer and this check: the record came first.
      expect(records.length).toBe(before + n + 1);
      expect(records.at(-1)?.dynamodb?.NewImage?.n).toEqual({ N: String(n) });
    }
    expect(records[before]?.eventName).toBe('INSERT');
    expect(records.at(-1)?.eventName).toBe('MODIFY');
  });

  it('gives binary attribute values base64-encoded, as a Lambda stream event has them', () => {
    const put = records.find((record) => record.dynamodb?.Keys?.pk?.S === 'USER#1');

    expect(put?.dynamodb?.NewImage?.data?.B).toBe(
      Buffer.from(Uint8Array.of(1, 2, 3)).toString('base64'),
    );
  });

  it('stops serving on close', async () => {
    const other = await startDynaliteProcess();
    expect(await answers(other.endpoint)).toBe(true);

    await other.close();

    expect(await answers(other.endpoint)).toBe(false);
  });

  it('stops when its parent dies without closing it', async () => {
    // A parent that starts dynalite, prints its endpoint and is then killed.
    const script = [
      `const { startDynaliteProcess } = require(${JSON.stringify(path.join(__dirname, '../../local/dynalite-process'))});`,
      'startDynaliteProcess().then((d) => { console.log(d.endpoint); setInterval(() => undefined, 1000); });',
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--eval', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const endpoint = await new Promise<string>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
    );
    expect(await answers(endpoint)).toBe(true);

    const exited = new Promise((resolve) => parent.once('exit', resolve));
    parent.kill('SIGKILL');
    await exited;

    let serving = true;
    for (let attempt = 0; attempt < 50 && serving; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      serving = await answers(endpoint);
    }
    expect(serving).toBe(false);
  });
});
