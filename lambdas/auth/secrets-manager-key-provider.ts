import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

import { decodeKey, type KeyProvider } from './key-provider';

/** The keys a secret holds: the one new tokens are hashed with, and the one before it. */
interface SecretKeys {
  readonly current: Buffer;
  readonly previous?: Buffer;
}

/**
 * The token-hashing key from Secrets Manager, read on first use and then
 * kept for the life of the container (one call per cold start). The
 * secret is either the base64 key itself or, during a key rotation,
 * `{"current": "<base64>", "previous": "<base64>"}`.
 */
export class SecretsManagerKeyProvider implements KeyProvider {
  private keys?: Promise<SecretKeys>;

  constructor(
    private readonly secretId: string,
    private readonly client: SecretsManagerClient = new SecretsManagerClient({}),
  ) {}

  async getKey(): Promise<Buffer> {
    return (await this.load()).current;
  }

  async getPreviousKey(): Promise<Buffer | undefined> {
    return (await this.load()).previous;
  }

  private load(): Promise<SecretKeys> {
    this.keys ??= this.fetch().catch((error: unknown) => {
      this.keys = undefined; // a failed read is retried by the next request
      throw error;
    });
    return this.keys;
  }

  private async fetch(): Promise<SecretKeys> {
    const result = await this.client.send(
      new GetSecretValueCommand({ SecretId: this.secretId }),
    );
    const text = result.SecretString?.trim();
    if (!text) {
      throw new Error(
        `Secret ${this.secretId} has no SecretString; store the key as base64 text`,
      );
    }
    if (!text.startsWith('{')) {
      return { current: decodeKey(text, `secret ${this.secretId}`) };
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Never echo the secret: it holds the keys.
      throw new Error(
        `Secret ${this.secretId} starts with "{" but is not valid JSON; store {"current": "<base64>", "previous": "<base64>"} or the base64 key alone`,
      );
    }
    const { current, previous } = (parsed ?? {}) as Record<string, unknown>;
    if (
      typeof current !== 'string' ||
      (previous !== undefined && typeof previous !== 'string')
    ) {
      throw new Error(
        `Secret ${this.secretId} must hold "current" (and optionally "previous") as base64 strings`,
      );
    }
    return {
      current: decodeKey(current, `secret ${this.secretId} ("current")`),
      ...(previous !== undefined
        ? { previous: decodeKey(previous, `secret ${this.secretId} ("previous")`) }
        : {}),
    };
  }
}
