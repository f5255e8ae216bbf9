import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { ensureTable, startDynalite, type LocalDynamo } from '../../local/dynalite';
import { createDocumentClient } from '../../lambdas/store/client';

/** An in-memory dynalite with the table created, for store-level tests. */
export interface TestTable {
  readonly dynamo: LocalDynamo;
  readonly tableName: string;
  /** A new document client on the table; pass it to stores. */
  client(): DynamoDBDocumentClient;
  close(): Promise<void>;
}

/** Starts dynalite in memory on a free port and creates the table. */
export async function startTestTable(tableName = 'scim-test'): Promise<TestTable> {
  const dynamo = await startDynalite();
  await ensureTable(dynamo.endpoint, tableName);
  const clients: DynamoDBDocumentClient[] = [];

  return {
    dynamo,
    tableName,
    client: () => {
      const client = createDocumentClient({
        tableName,
        dynamoEndpoint: dynamo.endpoint,
        region: 'us-east-1',
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      clients.forEach((client) => client.destroy());
      await dynamo.close();
    },
  };
}

/** The error a simulated crash throws. */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash');
    this.name = 'SimulatedCrash';
  }
}

const WRITE_COMMANDS = /^(Put|Update|Delete)(Item)?Command$/;

/**
 * Makes the client "crash" (throw {@link SimulatedCrash}) right after its
 * `afterWrites`-th write has reached the table, as if the process died
 * between two steps of a protocol.
 */
export function crashAfterWrites(
  client: DynamoDBDocumentClient,
  afterWrites: number,
): void {
  let writes = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (writes >= afterWrites) throw new SimulatedCrash();
      const result = await next(args);
      if (WRITE_COMMANDS.test(context.commandName ?? '')) writes += 1;
      if (writes >= afterWrites) throw new SimulatedCrash();
      return result;
    },
    { step: 'initialize', name: 'crashAfterWrites' },
  );
}

/** Counts the commands a client sends, by command name. */
export function countCommands(client: DynamoDBDocumentClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return counts;
}
