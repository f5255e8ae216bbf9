import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { AuditStore } from '../store/audit-store';
import { createDocumentClient } from '../store/client';
import { GroupStore } from '../store/group-store';
import { TeamStore } from '../store/team-store';
import { TokenStore } from '../store/token-store';
import { UserStore } from '../store/user-store';
import { loadConfig, type RuntimeConfig } from './config';
import { createLogger, type Logger } from './logger';

/** The clients and stores a function uses, built once per container. */
export interface Services {
  readonly config: RuntimeConfig;
  readonly db: DynamoDBDocumentClient;
  readonly users: UserStore;
  readonly groups: GroupStore;
  readonly teams: TeamStore;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  readonly logger: Logger;
}

let services: Services | undefined;

/**
 * The container's services, built on first use from the environment (so
 * a local server can set the environment before the first request).
 */
export function getServices(): Services {
  services ??= buildServices(loadConfig());
  return services;
}

/** Builds services from a configuration. */
export function buildServices(config: RuntimeConfig): Services {
  const db = createDocumentClient(config);
  return {
    config,
    db,
    users: new UserStore(db, config.tableName),
    groups: new GroupStore(db, config.tableName),
    teams: new TeamStore(db, config.tableName),
    tokens: new TokenStore(db, config.tableName),
    audit: new AuditStore(db, config.tableName),
    logger: createLogger(),
  };
}
