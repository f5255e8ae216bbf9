/** Supplies the secret key that tokens are hashed with. */
export interface KeyProvider {
  /** The key; implementations fetch it once and keep it for the container's life. */
  getKey(): Promise<Buffer>;
  /**
   * The key before the last rotation, while tokens hashed with it are
   * still accepted (see README, key rotation); undefined when there is none.
   */
  getPreviousKey?(): Promise<Buffer | undefined>;
}

/** Minimum key length: HMAC-SHA-256 wants at least its output size. */
const MIN_KEY_BYTES = 32;

/** Decodes a base64 key and checks its length; throws saying what is wrong, never the key. */
export function decodeKey(base64: string, source: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length < MIN_KEY_BYTES) {
    throw new Error(
      `The token-hashing key from ${source} decodes to ${key.length} bytes; it must be base64 of at least ${MIN_KEY_BYTES} random bytes`,
    );
  }
  return key;
}

/** A key given directly, as local runs and tests do (from SCIM_TOKEN_KEY). */
export class StaticKeyProvider implements KeyProvider {
  private readonly key: Buffer;
  private readonly previous?: Buffer;

  constructor(base64Key: string, source = 'SCIM_TOKEN_KEY', previousBase64Key?: string) {
    this.key = decodeKey(base64Key, source);
    if (previousBase64Key !== undefined) {
      this.previous = decodeKey(previousBase64Key, `${source} (previous)`);
    }
  }

  getKey(): Promise<Buffer> {
    return Promise.resolve(this.key);
  }

  getPreviousKey(): Promise<Buffer | undefined> {
    return Promise.resolve(this.previous);
  }
}
