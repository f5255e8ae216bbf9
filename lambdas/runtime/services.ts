import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import type { KeyProvider } from '../auth/key-provider';
import { StaticKeyProvider } from '../auth/key-provider';
import { SecretsManagerKeyProvider } from '../auth/secrets-manager-key-provider';
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
  readonly keys: KeyProvider;
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
    keys: buildKeyProvider(config),
    logger: createLogger(),
  };
}

function buildKeyProvider(config: RuntimeConfig): KeyProvider {
  if (config.tokenKeySecretArn)
    return new SecretsManagerKeyProvider(config.tokenKeySecretArn);
  if (config.tokenKey) return new StaticKeyProvider(config.tokenKey);
  // On AWS only the authorizer and the admin function get the key; the
  // SCIM functions never hash a token, so they fail only if they try.
  return {
    getKey: () =>
      Promise.reject(
        new Error(
          'Neither TOKEN_KEY_SECRET_ARN nor SCIM_TOKEN_KEY is set: no token-hashing key',
        ),
      ),
  };
}
