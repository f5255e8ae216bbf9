import type { KeyProvider } from '../auth/key-provider';
import { StaticKeyProvider } from '../auth/key-provider';
import { SecretsManagerKeyProvider } from '../auth/secrets-manager-key-provider';
import { loadConfig, type RuntimeConfig } from './config';

let provider: KeyProvider | undefined;

/**
 * The container's token-hashing key provider, built on first use. Only
 * the authorizer and the admin function hash tokens, so only their bundles
 * import this module (and the Secrets Manager client behind it).
 */
export function getKeyProvider(): KeyProvider {
  provider ??= buildKeyProvider(loadConfig());
  return provider;
}

/** The key provider a configuration names: Secrets Manager on AWS, the key itself locally. */
export function buildKeyProvider(config: RuntimeConfig): KeyProvider {
  if (config.tokenKeySecretArn)
    return new SecretsManagerKeyProvider(config.tokenKeySecretArn);
  if (config.tokenKey) return new StaticKeyProvider(config.tokenKey);
  return {
    getKey: () =>
      Promise.reject(
        new Error(
          'Neither TOKEN_KEY_SECRET_ARN nor SCIM_TOKEN_KEY is set: no token-hashing key',
        ),
      ),
  };
}
