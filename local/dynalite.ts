import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import { createTableInput } from '../lib/table-definition';
import { captureChanges } from './change-capture';

// dynalite ships no type declarations; this is the part of its API we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS module
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

/** A running local DynamoDB engine. */
export interface LocalDynamo {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Where the stand-in for a table's DynamoDB stream sends its records. */
export interface StreamOptions {
  readonly tableName: string;
  /** Called before the write is answered; a promise holds the answer until it settles. */
  emit(record: DynamoDBRecord): void | Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1 (a free port unless one is given), in
 * memory or on disk under `path`. Table operations complete at once.
 * With `stream`, the changes to that table are emitted as stream records
 * (local/change-capture.ts).
 */
export async function startDynalite(
  options: { path?: string; port?: number; stream?: StreamOptions } = {},
): Promise<LocalDynamo> {
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });

  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  if (options.stream)
    captureChanges(server, options.stream.tableName, options.stream.emit);
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

/** Creates the table from the shared definition unless it exists already. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException')
      throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } finally {
    client.destroy();
  }
}
