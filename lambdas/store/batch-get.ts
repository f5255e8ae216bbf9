import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchGetItem reads at most this many keys per call. */
const BATCH_GET_LIMIT = 100;

/** How often keys DynamoDB left unprocessed are asked for again before giving up. */
export const MAX_ROUNDS = 6;

/** Optional projection of a {@link batchGet}. */
export interface BatchGetProjection {
  readonly ProjectionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
}

/**
 * Reads items by key, strongly consistent, 100 keys per BatchGetItem.
 * Keys the table left unprocessed (it was busy) are asked for again after
 * a growing pause; if they still are after {@link MAX_ROUNDS}, the read
 * fails as throttled, which the client sees as 429 with Retry-After.
 * Missing items are simply absent from the result, in no particular order.
 */
export async function batchGet(
  db: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  projection?: BatchGetProjection,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];

  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending: Record<string, unknown>[] = keys.slice(start, start + BATCH_GET_LIMIT);
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw throttled(pending.length);
      if (round > 0) await pause(20 * 2 ** round); // 1.24 s in all before giving up

      const result = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: pending, ConsistentRead: true, ...projection },
          },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}

/** Waits `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The error of a batch call whose keys DynamoDB kept leaving unprocessed: a throttle. */
export function throttled(count: number, call = 'BatchGetItem'): Error {
  const error = new Error(`${count} keys stayed unprocessed by ${call}`);
  error.name = 'ProvisionedThroughputExceededException';
  return error;
}
