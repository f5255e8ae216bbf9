import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';

import type { LocalService } from '../local/local-service';
import { parseUserBody } from '../lambdas/scim/user-resource';
import { newId } from '../lambdas/store/ids';
import { guardSortKey, teamPartition, userSortKey } from '../lambdas/store/keys';
import { seededUserName, userDocument, type SeededUser } from './operations';

/** DynamoDB's BatchWriteItem takes at most 25 items. */
const BATCH = 25;

/** Concurrent BatchWriteItem calls while seeding. */
const WRITERS = 4;

type Item = Record<string, unknown>;

/**
 * Seeds `count` users into a team fast: one user is created through the
 * store (so its items have exactly the shape the store writes), and the
 * rest are copies of its user and guard items with the id and userName
 * swapped, written with BatchWriteItem straight through the document
 * client (the bench only: the functions never batch-write); the change
 * feed counts them as it counts created users. Returns the users in id
 * order.
 */
export async function seedTeam(
  service: LocalService,
  teamId: string,
  run: string,
  count: number,
  progress: (line: string) => void,
): Promise<{ users: SeededUser[]; seconds: number }> {
  const started = performance.now();
  const { db, config, users: store } = service.services;
  const templateName = seededUserName(run, 0);
  const template = await store.create(teamId, parseUserBody(userDocument(templateName)), {
    type: 'admin',
  });

  const read = async (sk: string) => {
    const result = await db.send(
      new GetCommand({
        TableName: config.tableName,
        Key: { pk: teamPartition(teamId), sk },
      }),
    );
    if (!result.Item) throw new Error(`The store wrote no item ${sk}`);
    return JSON.stringify(result.Item);
  };
  const userJson = await read(userSortKey(template.id));
  const guardJson = await read(guardSortKey(templateName));

  const seeded: SeededUser[] = [{ id: template.id, userName: templateName }];
  const items: Item[] = [];
  for (let n = 1; n < count; n++) {
    const id = newId();
    const userName = seededUserName(run, n);
    const swap = (json: string) =>
      JSON.parse(
        json.split(template.id).join(id).split(templateName).join(userName),
      ) as Item;
    items.push(swap(userJson), swap(guardJson));
    seeded.push({ id, userName });
  }

  let next = 0;
  let written = 0;
  const writer = async () => {
    for (let start = next; start < items.length; start = next) {
      next += BATCH;
      let requests = items
        .slice(start, start + BATCH)
        .map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await db.send(
          new BatchWriteCommand({ RequestItems: { [config.tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[config.tableName] ?? []) as typeof requests;
      }
      written += BATCH;
      if (written % 20_000 < BATCH) progress(`seeding ${run}: ${written / 2} users`);
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));

  // The change feed counts (and audits) the copies as it would created users.
  await service.settle();

  seeded.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { users: seeded, seconds: (performance.now() - started) / 1000 };
}
