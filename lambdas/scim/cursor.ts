import { createHash } from 'node:crypto';

import { badRequest } from './errors';

const VERSION = 1;

/**
 * Encodes a cursor (RFC 9865): the id of the last resource of a page,
 * bound to the team by a hash of its id. The cursor only says where the
 * next Query starts inside the caller's own partition (the partition
 * always comes from the token, never from the cursor), so it needs no
 * secret: a tampered cursor can at worst start another page of the same
 * team's resources.
 */
export function encodeCursor(teamId: string, lastId: string): string {
  const payload = JSON.stringify({ v: VERSION, t: teamTag(teamId), k: lastId });
  return Buffer.from(payload, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor into the id after which the page starts. A cursor that
 * is malformed, of another version or of another team is 400
 * `invalidCursor` (RFC 9865 §2.3).
 */
export function decodeCursor(teamId: string, cursor: string): string {
  let payload: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw new Error('not base64url');
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }

  if (
    typeof payload !== 'object' ||
    payload === null ||
    (payload as { v?: unknown }).v !== VERSION ||
    (payload as { t?: unknown }).t !== teamTag(teamId)
  ) {
    throw invalidCursor();
  }
  const lastId = (payload as { k?: unknown }).k;
  if (typeof lastId !== 'string' || !/^[\w-]{1,100}$/.test(lastId)) throw invalidCursor();
  return lastId;
}

function teamTag(teamId: string): string {
  return createHash('sha256')
    .update(`scim-cursor:${teamId}`)
    .digest('base64url')
    .slice(0, 16);
}

function invalidCursor() {
  return badRequest(
    'invalidCursor',
    'The cursor is not one this service issued for this team; start again with cursor= (empty) and follow nextCursor',
  );
}
