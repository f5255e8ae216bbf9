import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

import { CHANGE_FEED_VIEW } from '../lib/change-feed';
import { TABLE } from '../lib/table-definition';

type Item = Record<string, AttributeValue>;
type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** The write operations whose changes a stream records. */
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

/**
 * The local stand-in for DynamoDB Streams, which dynalite lacks. It sits
 * in front of dynalite's request handler: reads pass straight through;
 * a write to `tableName` takes a lock on each item it touches, reads the
 * items before and after (strongly consistent BatchGetItem calls handed
 * to dynalite's handler in memory, without HTTP or an SDK client), and
 * emits one record per item that changed, as Streams would with
 * NEW_AND_OLD_IMAGES: INSERT, MODIFY or REMOVE, nothing for a write that
 * failed or changed nothing, and in write order per item, before the
 * write is answered. Records get increasing sequence numbers.
 */
export function captureChanges(
  server: Server,
  tableName: string,
  emit: (record: DynamoDBRecord) => void | Promise<void>,
): void {
  const [dynalite] = server.listeners('request') as Listener[];
  if (!dynalite) throw new Error('dynalite has no request handler to wrap');
  const locks = new Map<string, Promise<void>>();
  let sequence = 0;

  const readItems = async (keys: readonly Item[]): Promise<Map<string, Item>> => {
    const found = new Map<string, Item>();
    for (let start = 0; start < keys.length; start += 100) {
      let pending = keys.slice(start, start + 100);
      while (pending.length > 0) {
        const result = (await callDynalite(dynalite, 'BatchGetItem', {
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
        })) as {
          Responses?: Record<string, Item[]>;
          UnprocessedKeys?: Record<string, { Keys?: Item[] }>;
        };
        for (const item of result.Responses?.[tableName] ?? [])
          found.set(keyId(item), item);
        pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return found;
  };

  const capture = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const keys = new Map(touchedKeys(body, tableName).map((key) => [keyId(key), key]));
    const ids = [...keys.keys()].sort();
    const release = await lockAll(locks, ids);
    // dynalite's answer is held back until the change is in the stream, so
    // that a client which saw its write succeed finds the record queued.
    const end = response.end.bind(response);
    let answer: Parameters<typeof end> | undefined;
    try {
      const before = await readItems([...keys.values()]);
      const status = await new Promise<number>((resolve) => {
        response.end = ((...args: Parameters<typeof end>) => {
          answer = args;
          resolve(response.statusCode);
          return response;
        }) as typeof response.end;
        dynalite(replay(request, body), response);
      });
      if (status !== 200) return;
      const after = await readItems([...keys.values()]);
      for (const id of ids) {
        const record = streamRecord(
          tableName,
          keys.get(id) as Item,
          before.get(id),
          after.get(id),
          ++sequence,
        );
        // An emit that forwards the record elsewhere (over IPC) resolves once it is queued there.
        if (record) await emit(record);
      }
    } finally {
      response.end = end;
      release();
      if (answer) end(...answer);
    }
  };

  server.removeListener('request', dynalite);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (request.method !== 'POST' || !WRITES.has(operation)) {
      dynalite(request, response);
      return;
    }
    capture(request, response).catch(() => {
      if (!response.headersSent) {
        response.statusCode = 500;
        response.end();
      }
    });
  });
}

/** A signature dynalite accepts: it checks that the parts are there, not their values. */
const LOCAL_SIGNATURE =
  'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local';

/**
 * One DynamoDB call handed straight to dynalite's request handler, with a
 * request and a response that live only in memory. Rejects on an answer
 * other than 200.
 */
function callDynalite(dynalite: Listener, operation: string, input: unknown) {
  const request = replay(
    {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'x-amz-date': '20260101T000000Z',
        authorization: LOCAL_SIGNATURE,
      },
      method: 'POST',
      url: '/',
    } as unknown as IncomingMessage,
    Buffer.from(JSON.stringify(input)),
  );
  return new Promise<unknown>((resolve, reject) => {
    const response = {
      statusCode: 200,
      setHeader: () => response,
      end: (body?: string) => {
        if (response.statusCode === 200)
          resolve(body ? (JSON.parse(body) as unknown) : {});
        else
          reject(new Error(`dynalite answered ${response.statusCode} to ${operation}`));
        return response;
      },
    };
    dynalite(request, response as unknown as ServerResponse);
  });
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/** A request dynalite can read again: the same headers, method and URL, and the body read. */
function replay(request: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = Readable.from(body.length > 0 ? [body] : []) as unknown as IncomingMessage;
  Object.assign(copy, {
    headers: request.headers,
    method: request.method,
    url: request.url,
  });
  return copy;
}

/** The keys of the items a write request names in `tableName` (none if it does not parse). */
function touchedKeys(body: Buffer, tableName: string): Item[] {
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return [];
  }
  const keyOf = (item: unknown): Item[] => {
    if (typeof item !== 'object' || item === null) return [];
    const attributes = item as Item;
    const pk = attributes[TABLE.partitionKey];
    const sk = attributes[TABLE.sortKey];
    return pk && sk ? [{ [TABLE.partitionKey]: pk, [TABLE.sortKey]: sk }] : [];
  };

  if (input.RequestItems && typeof input.RequestItems === 'object') {
    const requests = (input.RequestItems as Record<string, unknown>)[tableName];
    if (!Array.isArray(requests)) return [];
    return requests.flatMap((request: Record<string, { Item?: Item; Key?: Item }>) =>
      keyOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
    );
  }
  if (input.TableName !== tableName) return [];
  return keyOf(input.Item ?? input.Key);
}

function keyId(item: Item): string {
  return JSON.stringify([item[TABLE.partitionKey], item[TABLE.sortKey]]);
}

/** Waits for every lock in `ids` (taken in sorted order, so two writers never deadlock). */
async function lockAll(
  locks: Map<string, Promise<void>>,
  ids: readonly string[],
): Promise<() => void> {
  const releases: (() => void)[] = [];
  for (const id of ids) {
    const previous = locks.get(id) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const chained = previous.then(() => held);
    locks.set(id, chained);
    await previous;
    releases.push(() => {
      release();
      if (locks.get(id) === chained) locks.delete(id);
    });
  }
  return () => releases.forEach((release) => release());
}

function streamRecord(
  tableName: string,
  keys: Item,
  before: Item | undefined,
  after: Item | undefined,
  sequence: number,
): DynamoDBRecord | undefined {
  if (!before && !after) return undefined;
  if (before && after && canonical(before) === canonical(after)) return undefined;
  const eventName = !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY';
  const sequenceNumber = String(sequence).padStart(21, '0');
  return {
    eventID: `local-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${tableName}/stream/local`,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      ...(after
        ? { NewImage: after as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] }
        : {}),
      ...(before
        ? { OldImage: before as NonNullable<DynamoDBRecord['dynamodb']>['OldImage'] }
        : {}),
      SequenceNumber: sequenceNumber,
      SizeBytes: Buffer.byteLength(JSON.stringify([keys, before, after])),
      StreamViewType: CHANGE_FEED_VIEW,
    },
  };
}

/** JSON with object keys sorted, so that equal items compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : inner,
  );
}
