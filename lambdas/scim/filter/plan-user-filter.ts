import type { Compare, Filter } from 'scim2-parse-filter';

import { resolveAttributePath } from '../attribute-path';
import { USER_RESOURCE_SCHEMA } from '../resource-schema';

/** A key look-up that finds every user a filter can match (and maybe a few more). */
export type UserLookup =
  | { readonly by: 'id'; readonly value: string }
  | { readonly by: 'userName'; readonly value: string }
  | { readonly by: 'externalId'; readonly value: string }
  | { readonly by: 'workEmail'; readonly value: string };

/**
 * How a user filter is answered: by a key look-up whose candidates are
 * then checked against the whole filter in memory, or by reading the
 * team's users page by page and checking each.
 */
export type UserFilterPlan =
  { readonly kind: 'lookup'; readonly lookup: UserLookup } | { readonly kind: 'scan' };

/** Most selective first: an id or userName names one user, externalId and e-mail usually one. */
const PRIORITY: readonly UserLookup['by'][] = [
  'id',
  'userName',
  'externalId',
  'workEmail',
];

/**
 * Plans a parsed user filter. `id eq`, `userName eq`, `externalId eq` and
 * `emails[type eq "work"].value eq` are key look-ups, alone or as terms of
 * an `and` (the most selective term is looked up, the others evaluated on
 * its candidates). Anything else is a scan of the team's partition.
 */
export function planUserFilter(filter: Filter): UserFilterPlan {
  const terms = filter.op === 'and' ? filter.filters : [filter];
  const lookups = terms.map(lookupOf).filter((term) => term !== undefined);

  for (const by of PRIORITY) {
    const lookup = lookups.find((candidate) => candidate.by === by);
    if (lookup) return { kind: 'lookup', lookup };
  }
  return { kind: 'scan' };
}

function lookupOf(term: Filter): UserLookup | undefined {
  if (term.op === 'eq') {
    const value = stringValue(term);
    const resolved = resolveAttributePath(USER_RESOURCE_SCHEMA, term.attrPath);
    if (value === undefined || !resolved?.attribute || resolved.extension)
      return undefined;
    if (resolved.subAttribute) return undefined;

    switch (resolved.attribute.name) {
      case 'id':
      case 'userName':
      case 'externalId':
        return { by: resolved.attribute.name, value };
      default:
        return undefined;
    }
  }

  if (term.op === '[]') {
    const resolved = resolveAttributePath(USER_RESOURCE_SCHEMA, term.attrPath);
    if (resolved?.attribute?.name !== 'emails' || resolved.subAttribute) return undefined;
    const inner = term.valFilter.op === 'and' ? term.valFilter.filters : [term.valFilter];
    const isWork = inner.some(
      (part) => isEqOn(part, 'type') && stringValue(part)?.toLowerCase() === 'work',
    );
    const email = inner.find((part) => isEqOn(part, 'value'));
    const value = email && stringValue(email as Compare);
    return isWork && value !== undefined ? { by: 'workEmail', value } : undefined;
  }
  return undefined;
}

function isEqOn(filter: Filter, name: string): filter is Compare {
  return filter.op === 'eq' && filter.attrPath.toLowerCase() === name.toLowerCase();
}

function stringValue(filter: Compare): string | undefined {
  if (typeof filter.compValue === 'string') return filter.compValue;
  return typeof filter.compValue === 'number' ? String(filter.compValue) : undefined;
}
