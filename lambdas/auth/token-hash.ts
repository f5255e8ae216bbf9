import { createHmac } from 'node:crypto';

/** The keyed hash under which a token is stored: HMAC-SHA-256, hex. */
export function hashToken(token: string, key: Buffer): string {
  return createHmac('sha256', key).update(token, 'utf8').digest('hex');
}

/**
 * A short public id of a hashing key, stored with each token so a key
 * rotation can tell which key hashed which token. It is itself an HMAC
 * under the key, so it reveals nothing about the key.
 */
export function hashKeyId(key: Buffer): string {
  return createHmac('sha256', key)
    .update('serverless-scim key id', 'utf8')
    .digest('hex')
    .slice(0, 16);
}
