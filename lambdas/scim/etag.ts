import { preconditionFailed } from './errors';

/**
 * Reads the version out of an `If-Match` header (`W/"3"` or `"3"`). `*`
 * or no header means no precondition; a header naming no version of ours
 * can never match, so it is 412 at once (RFC 7232 §3.1).
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*')
    return undefined;

  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(header.trim());
  if (!match?.[1]) {
    throw preconditionFailed(
      `If-Match must be a version this service issued, such as W/"3"; got ${header.slice(0, 40)}`,
    );
  }
  return Number(match[1]);
}
