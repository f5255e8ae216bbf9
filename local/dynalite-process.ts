/**
 * dynalite in a process of its own. DynamoDB is a remote service: the
 * handlers reach it over HTTP and none of its work runs on their event
 * loop. Run here, the local stand-in behaves the same way, and its work
 * no longer queues behind the gateway's and the handlers' (nor theirs
 * behind it). Run as a script, this file is the child: it starts
 * dynalite (local/dynalite.ts, with the change capture) and sends the
 * stream records to its parent over IPC.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { fork, type ChildProcess } from 'node:child_process';

import { startDynalite, type LocalDynamo, type StreamOptions } from './dynalite';

/** Options of {@link startDynaliteProcess}: those of {@link startDynalite}. */
export interface DynaliteProcessOptions {
  readonly path?: string;
  readonly port?: number;
  /** Stream records are emitted in this (the parent) process. */
  readonly stream?: StreamOptions;
}

/** Parent to child. */
type ParentMessage =
  | {
      readonly type: 'start';
      readonly path?: string;
      readonly port?: number;
      readonly streamTable?: string;
    }
  | { readonly type: 'ack'; readonly seq: number }
  | { readonly type: 'close' };

/** Child to parent. */
type ChildMessage =
  | { readonly type: 'ready'; readonly endpoint: string }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'record'; readonly seq: number; readonly record: DynamoDBRecord };

/**
 * Starts dynalite in a child process and resolves once it listens. Each
 * stream record is emitted here before the child answers the write that
 * made it (the child waits for this process to acknowledge the record).
 * `close` stops the child and waits for it to exit.
 */
export async function startDynaliteProcess(
  options: DynaliteProcessOptions = {},
): Promise<LocalDynamo> {
  const child = forkChild();
  const { stream } = options;
  child.on('message', (message: ChildMessage) => {
    if (message.type !== 'record') return;
    try {
      stream?.emit(message.record);
    } finally {
      if (child.connected)
        child.send({ type: 'ack', seq: message.seq } satisfies ParentMessage);
    }
  });

  const endpoint = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`dynalite's process exited (code ${String(code)}) on start`));
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'record') return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      if (message.type === 'ready') {
        resolve(message.endpoint);
        return;
      }
      child.kill();
      reject(new Error(`dynalite's process did not start: ${message.error}`));
    };
    child.once('exit', onExit);
    child.on('message', onMessage);
    child.send({
      type: 'start',
      ...(options.path ? { path: options.path } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(stream ? { streamTable: stream.tableName } : {}),
    } satisfies ParentMessage);
  });
  // A parent that exits without close() is not kept alive by the child,
  // and the child stops when it sees its parent gone.
  child.unref();
  child.channel?.unref();

  return { endpoint, close: () => stopChild(child) };
}

function forkChild(): ChildProcess {
  // From the TypeScript sources (tsx, ts-jest) the child needs tsx's loader.
  return fork(__filename, [], {
    execArgv: __filename.endsWith('.ts') ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Records are JSON-shaped (binary values base64, as a Lambda event has them).
    serialization: 'advanced',
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  // Held until the child is gone (start let go of it).
  child.ref();
  child.channel?.ref();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    if (child.connected) child.send({ type: 'close' } satisfies ParentMessage);
    else child.kill();
  });
}

/** The child: starts dynalite when told, forwards its stream records, stops when told or orphaned. */
function runChild(): void {
  let dynamo: LocalDynamo | undefined;
  let seq = 0;
  const acks = new Map<number, () => void>();
  const send = (message: ChildMessage) => process.send?.(message);

  // The record is queued in the parent before dynalite answers the write.
  const forward = (record: DynamoDBRecord) =>
    new Promise<void>((resolve) => {
      seq += 1;
      acks.set(seq, resolve);
      send({ type: 'record', seq, record });
    });

  const stop = () => {
    const closing = dynamo ? dynamo.close() : Promise.resolve();
    closing.then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'ack') {
      acks.get(message.seq)?.();
      acks.delete(message.seq);
    } else if (message.type === 'close') {
      stop();
    } else {
      startDynalite({
        ...(message.path ? { path: message.path } : {}),
        ...(message.port !== undefined ? { port: message.port } : {}),
        ...(message.streamTable
          ? { stream: { tableName: message.streamTable, emit: forward } }
          : {}),
      }).then(
        (started) => {
          dynamo = started;
          send({ type: 'ready', endpoint: started.endpoint });
        },
        (error: unknown) => send({ type: 'failed', error: String(error) }),
      );
    }
  });
  process.on('disconnect', stop);
}

if (require.main === module) runChild();
