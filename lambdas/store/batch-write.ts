import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { MAX_ROUNDS, pause, throttled } from './batch-get';

/** BatchWriteItem writes at most this many items per call. */
const BATCH_WRITE_LIMIT = 25;

/**
 * Puts items, 25 per BatchWriteItem, unconditionally (so only for items
 * whose rewrite is harmless). Items left unprocessed are sent again after
 * a growing pause, as {@link batchGet} does; if they still are after its
 * rounds, the call fails as throttled.
 */
export async function batchPut(
  db: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
    let pending = items
      .slice(start, start + BATCH_WRITE_LIMIT)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw throttled(pending.length, 'BatchWriteItem');
      if (round > 0) await pause(20 * 2 ** round);

      const result = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}
