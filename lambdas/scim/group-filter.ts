import { badRequest } from './errors';
import { parseFilter, type Filter } from './filter/parse-filter';
import { GROUP_SCHEMA } from './schemas';

/**
 * A group filter as key look-ups: every condition must hold (they come
 * from `and`). Each list is empty when the filter does not constrain it.
 */
export interface GroupQuery {
  /** `id eq` values. */
  readonly ids: readonly string[];
  /** `displayName eq` values (case-exact: the names are fixed). */
  readonly displayNames: readonly string[];
  /** `externalId eq` values (case-exact, RFC 7643 §3.1). */
  readonly externalIds: readonly string[];
  /** User ids the group must contain: `members eq`, `members.value eq`, `members[value eq]`. */
  readonly memberIds: readonly string[];
}

const SUPPORTED =
  'use displayName eq "...", externalId eq "...", id eq "...", members[value eq "<user id>"], members.value eq "<user id>" or members eq "<user id>", joined with and';

/**
 * Plans a `filter` on /Groups. The filters IdPs send (Entra's lookup by
 * displayName or externalId, its membership check `id eq "g" and members
 * eq "u"`) are answered by key reads; anything else is 400 invalidFilter,
 * never the unfiltered list (RFC 7644 §3.4.2.2).
 */
export function planGroupFilter(filter: string): GroupQuery {
  const parsed = parseFilter(filter);
  const query = { ids: [], displayNames: [], externalIds: [], memberIds: [] };
  addTerms(parsed, query);
  return query;
}

interface MutableQuery {
  ids: string[];
  displayNames: string[];
  externalIds: string[];
  memberIds: string[];
}

function addTerms(filter: Filter, query: MutableQuery): void {
  if (filter.op === 'and' && 'filters' in filter) {
    for (const part of filter.filters) addTerms(part, query);
    return;
  }

  if (filter.op === '[]' && 'valFilter' in filter) {
    const inner = filter.valFilter;
    if (
      attributeName(filter.attrPath) === 'members' &&
      inner.op === 'eq' &&
      'attrPath' in inner &&
      'compValue' in inner &&
      inner.attrPath.toLowerCase() === 'value' &&
      typeof inner.compValue === 'string'
    ) {
      query.memberIds.push(inner.compValue);
      return;
    }
  }

  if (
    filter.op === 'eq' &&
    'compValue' in filter &&
    typeof filter.compValue === 'string'
  ) {
    switch (attributeName(filter.attrPath)) {
      case 'id':
        query.ids.push(filter.compValue);
        return;
      case 'displayname':
        query.displayNames.push(filter.compValue);
        return;
      case 'externalid':
        query.externalIds.push(filter.compValue);
        return;
      case 'members':
      case 'members.value':
        query.memberIds.push(filter.compValue);
        return;
    }
  }

  throw badRequest(
    'invalidFilter',
    `This filter is not supported on /Groups; ${SUPPORTED}`,
  );
}

/** The lower-cased attribute path without the Group schema URN (RFC 7644 §3.10). */
function attributeName(attrPath: string): string {
  const lower = attrPath.toLowerCase();
  const prefix = `${GROUP_SCHEMA.toLowerCase()}:`;
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
}
