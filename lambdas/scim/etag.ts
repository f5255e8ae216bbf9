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

/**
 * Whether an `If-None-Match` header names the current version (or is
 * `*`), so a GET may answer 304 (RFC 7232 §3.2). Weak comparison: `W/"3"`
 * and `"3"` both name version 3.
 */
export function matchesIfNoneMatch(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    if (trimmed === '*') return true;
    const match = /^(?:W\/)?"(\d{1,15})"$/.exec(trimmed);
    return match?.[1] !== undefined && Number(match[1]) === version;
  });
}
