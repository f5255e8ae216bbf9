import { randomBytes } from 'node:crypto';

/**
 * A new resource id: a UUID version 7 (RFC 9562 §5.7). Its leading
 * timestamp makes ids sort by creation time, so a team's users list in a
 * stable order in which new users come last and earlier pages stay put.
 */
export function newId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;

  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
