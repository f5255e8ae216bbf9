import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

import { decodeKey, type KeyProvider } from './key-provider';

/**
 * The token-hashing key from Secrets Manager, read on first use and then
 * kept for the life of the container (one call per cold start).
 */
export class SecretsManagerKeyProvider implements KeyProvider {
  private key?: Promise<Buffer>;

  constructor(
    private readonly secretId: string,
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
  ) {}

  getKey(): Promise<Buffer> {
    this.key ??= this.fetch().catch((error: unknown) => {
      this.key = undefined; // a failed read is retried by the next request
      throw error;
    });
    return this.key;
  }

  private async fetch(): Promise<Buffer> {
    const result = await this.client.send(
      new GetSecretValueCommand({ SecretId: this.secretId }),
    );
    if (!result.SecretString) {
      throw new Error(
        `Secret ${this.secretId} has no SecretString; store the key as base64 text`,
      );
    }
    return decodeKey(result.SecretString, `secret ${this.secretId}`);
  }
}
