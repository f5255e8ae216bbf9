import { createHmac } from 'node:crypto';

/** The keyed hash under which a token is stored: HMAC-SHA-256, hex. */
export function hashToken(token: string, key: Buffer): string {
  return createHmac('sha256', key).update(token, 'utf8').digest('hex');
}
