import { parse, type Filter } from 'scim2-parse-filter';

import { badRequest } from './errors';
import { USER_SCHEMA } from './schemas';

/** A user filter that is answered by a key look-up. */
export type UserLookup =
  | { readonly by: 'userName'; readonly value: string }
  | { readonly by: 'externalId'; readonly value: string }
  | { readonly by: 'id'; readonly value: string };

const LOOKUP_ATTRIBUTES: Record<string, UserLookup['by']> = {
  username: 'userName',
  externalid: 'externalId',
  id: 'id',
};

/**
 * Turns a `filter` parameter into a key look-up. The filters IdPs match
 * users with (`userName eq`, `externalId eq`, `id eq`) are supported; any
 * other filter is refused with 400 invalidFilter, never answered with the
 * unfiltered list (RFC 7644 §3.4.2.2).
 */
export function planUserFilter(filter: string): UserLookup {
  let parsed: Filter;
  try {
    parsed = parse(filter);
  } catch (error) {
    throw badRequest(
      'invalidFilter',
      `The filter could not be parsed (${error instanceof Error ? error.message : 'syntax error'}); write it as in RFC 7644 §3.4.2.2, e.g. userName eq "ann@example.com"`,
    );
  }

  if (
    parsed.op === 'eq' &&
    'attrPath' in parsed &&
    typeof parsed.compValue === 'string'
  ) {
    const by = LOOKUP_ATTRIBUTES[stripCoreUrn(parsed.attrPath).toLowerCase()];
    if (by) return { by, value: parsed.compValue };
  }

  throw badRequest(
    'invalidFilter',
    'This filter is not supported; use userName eq "...", externalId eq "..." or id eq "..."',
  );
}

/** `urn:...:core:2.0:User:userName` names the same attribute as `userName` (RFC 7644 §3.10). */
function stripCoreUrn(attrPath: string): string {
  const prefix = `${USER_SCHEMA}:`.toLowerCase();
  return attrPath.toLowerCase().startsWith(prefix)
    ? attrPath.slice(prefix.length)
    : attrPath;
}
