import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';

import {
  AUTHORIZER_HANDLER,
  ROUTES,
  SCIM_BASE_PATH,
  type HandlerName,
} from '../lib/routes';
import { ADMIN_HANDLER, LOCAL_ADMIN_FUNCTION_NAME } from '../lib/admin-function';
import {
  CHANGE_FEED_BATCH_SIZE,
  CHANGE_FEED_RETRY_ATTEMPTS,
  passesChangeFeedFilter,
} from '../lib/change-feed';
import { changeFeedHandler } from '../lambdas/handlers/change-feed';
import { createTokenForTeam } from '../lambdas/admin/token-commands';
import type { KeyProvider } from '../lambdas/auth/key-provider';
import { getKeyProvider } from '../lambdas/runtime/key-provider';
import { loadConfig } from '../lambdas/runtime/config';
import { buildServices, getServices, type Services } from '../lambdas/runtime/services';
import type { Team } from '../lambdas/store/team-store';
import { ensureTable } from './dynalite';
import { startDynaliteProcess } from './dynalite-process';
import { LocalEventSource } from './event-source';
import { createGateway, type ProxyHandler, type TokenAuthorizer } from './gateway';
import {
  createLocalInvokeEndpoint,
  type InvokableFunction,
} from './lambda-invoke-endpoint';

/** Name of the team a local service creates on first start. */
export const DEFAULT_TEAM = 'default';

/** Options of {@link startLocalService}. */
export interface LocalServiceOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** Folder for the database and key file; ignored with `memory`. */
  readonly dataDir?: string;
  /** Keep nothing after exit. */
  readonly memory?: boolean;
  /** Where request log lines go. Default: stdout. */
  readonly log?: (line: string) => void;
}

/** A running local service. */
export interface LocalService {
  readonly port: number;
  /** Base URL of the SCIM API, such as http://127.0.0.1:3000/scim/v2. */
  readonly baseUrl: string;
  readonly dynamoEndpoint: string;
  readonly services: Services;
  /** The change-feed function's own services (its DynamoDB client is not the handlers'). */
  readonly feedServices: Services;
  /** The stand-in for the stream's event source mapping (pause, resume, backlog). */
  readonly feed: LocalEventSource;
  /** The token-hashing key provider the authorizer and admin function use. */
  readonly keys: KeyProvider;
  /** Issues a new token for a team (by name; created if missing) and returns it. */
  issueToken(teamName: string, tokenName: string): Promise<string>;
  /**
   * Resolves once the change feed has handled every change written so far
   * (audit entries, group versions, user counts). On AWS the feed trails a
   * write by about a second; locally it starts at once but still after the
   * write's response.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const TABLE_NAME = 'scim';
const HANDLER_DIR = path.join(__dirname, '..', 'lambdas', 'handlers');

/**
 * Starts dynalite in a child process, creates the table and the `default`
 * team, and serves the SCIM API on 127.0.0.1 through the emulated API
 * Gateway. The handlers run
 * in this process, configured through the same environment variables the
 * deployed functions read.
 */
export async function startLocalService(
  options: LocalServiceOptions = {},
): Promise<LocalService> {
  const dataDir = options.memory
    ? undefined
    : path.resolve(options.dataDir ?? '.data/local');
  if (dataDir) mkdirSync(path.join(dataDir, 'dynamodb'), { recursive: true });

  // The feed function needs the engine's address; records wait for it here.
  const stream: { feed?: LocalEventSource } = {};
  // In its own process, as DynamoDB is a remote service (local/dynalite-process.ts).
  const dynamo = await startDynaliteProcess({
    ...(dataDir ? { path: path.join(dataDir, 'dynamodb') } : {}),
    stream: { tableName: TABLE_NAME, emit: (record) => stream.feed?.push(record) },
  });
  await ensureTable(dynamo.endpoint, TABLE_NAME);

  process.env.TABLE_NAME = TABLE_NAME;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.SCIM_TOKEN_KEY ??= loadOrCreateKey(dataDir);
  const services = getServices();
  const keys = getKeyProvider();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const feedServices = buildServices(loadConfig());
  const feed = new LocalEventSource(changeFeedHandler(feedServices), {
    batchSize: CHANGE_FEED_BATCH_SIZE,
    retryAttempts: CHANGE_FEED_RETRY_ATTEMPTS,
    filter: (record) => passesChangeFeedFilter(record.dynamodb?.Keys ?? {}),
    log,
  });
  stream.feed = feed;

  await ensureTeam(services, DEFAULT_TEAM);

  const handlers = new Map<string, unknown>();
  const load = (name: string) => {
    if (!handlers.has(name)) {
      const file = path.join(HANDLER_DIR, name);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- handlers are named by the route table
      const module = require(file) as { handler: unknown };
      handlers.set(name, module.handler);
    }
    return handlers.get(name);
  };

  const server = createGateway({
    routes: ROUTES,
    loadHandler: (name: HandlerName) => load(name) as ProxyHandler,
    authorizer: load(AUTHORIZER_HANDLER) as TokenAuthorizer,
    log,
    invoke: createLocalInvokeEndpoint({
      [LOCAL_ADMIN_FUNCTION_NAME]: load(ADMIN_HANDLER) as InvokableFunction,
    }),
  });
  const port = await listen(server, options.port ?? 3000);

  return {
    port,
    baseUrl: `http://127.0.0.1:${port}${SCIM_BASE_PATH}`,
    dynamoEndpoint: dynamo.endpoint,
    services,
    feedServices,
    feed,
    keys,
    issueToken: async (teamName, tokenName) => {
      const team = await ensureTeam(services, teamName);
      return (await createTokenForTeam({ ...services, keys }, team, tokenName)).token;
    },
    settle: () => feed.settle(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      feed.resume();
      await feed.settle();
      services.db.destroy();
      feedServices.db.destroy();
      await dynamo.close();
    },
  };
}

async function ensureTeam(services: Services, name: string): Promise<Team> {
  const existing = await services.teams.findByName(name);
  if (existing) return existing;

  const created = await services.teams.create(name);
  const team = created ?? (await services.teams.findByName(name));
  if (!team) throw new Error(`Team ${name} could not be created or found`);
  return team;
}

/** The local token-hashing key: kept in the data folder (mode 0600), or random in memory. */
function loadOrCreateKey(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString('base64');

  const file = path.join(dataDir, 'token-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();

  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}
