import { randomBytes } from 'node:crypto';

/**
 * Prefix of every token this service issues, so that secret scanners and
 * people can recognise a leaked one.
 */
export const TOKEN_PREFIX = 'sscim_';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43; // 256 random bits in base62
const CHECKSUM_LENGTH = 6; // CRC-32 in base62
const TOKEN_PATTERN = new RegExp(
  `^${TOKEN_PREFIX}[0-9A-Za-z]{${BODY_LENGTH}}[0-9A-Za-z]{${CHECKSUM_LENGTH}}$`,
);

/** Issues a new token: prefix, 256 random bits, and a checksum of both. */
export function generateToken(): string {
  const body = toBase62(randomBytes(32), BODY_LENGTH);
  return `${TOKEN_PREFIX}${body}${checksum(body)}`;
}

/**
 * Whether a string has the form of one of our tokens with a valid
 * checksum: a mistyped or foreign token is refused without a database read.
 */
export function isWellFormedToken(token: string): boolean {
  if (!TOKEN_PATTERN.test(token)) return false;
  const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY_LENGTH);
  return token.endsWith(checksum(body));
}

function checksum(body: string): string {
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.from(`${TOKEN_PREFIX}${body}`)));
  return toBase62(crc, CHECKSUM_LENGTH);
}

function toBase62(bytes: Buffer, length: number): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let text = '';
  while (value > 0n) {
    text = ALPHABET[Number(value % 62n)] + text;
    value /= 62n;
  }
  return text.padStart(length, '0');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
