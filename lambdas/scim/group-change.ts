import { badRequest } from './errors';
import { isObject } from './normalize';

/** What a PUT or PATCH of a group asks for, before anything is written. */
export interface GroupChange {
  /**
   * Whether users not set to true in `members` leave the group: a PUT, a
   * `replace` of `members`, or a `remove` of `members` without a value.
   */
  replaceAll: boolean;
  /** User id to whether it is in the group afterwards; the last operation on an id wins. */
  readonly members: Map<string, boolean>;
  /** The new externalId: a string sets it, null removes it, undefined leaves it. */
  externalId?: string | null;
}

/** A change that changes nothing (yet). */
export function emptyChange(): GroupChange {
  return { replaceAll: false, members: new Map() };
}

/** Makes the group's membership exactly `ids` (a PUT or a `replace` of `members`). */
export function replaceMembers(change: GroupChange, ids: readonly string[]): void {
  change.replaceAll = true;
  change.members.clear();
  for (const id of ids) change.members.set(id, true);
}

/** Sets each of `ids` in (true) or out (false); adding a present member is no error. */
export function setMembers(change: GroupChange, ids: readonly string[], member: boolean) {
  for (const id of ids) change.members.set(id, member);
}

/**
 * The user ids in a `members` value: an array of `{value}` objects (the
 * `$ref`, `display` and `type` an IdP adds are ignored), a lone object, or
 * plain id strings. Anything else is 400 invalidValue.
 */
export function memberIds(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];

  return items.map((item, index) => {
    const id = isObject(item) ? valueOf(item) : item;
    if (typeof id !== 'string' || id.trim() === '') {
      throw badRequest(
        'invalidValue',
        `${where}[${index}] must be {"value": "<user id>"}; got ${JSON.stringify(item)?.slice(0, 80)}`,
      );
    }
    return id;
  });
}

function valueOf(item: Record<string, unknown>): unknown {
  const key = Object.keys(item).find((name) => name.toLowerCase() === 'value');
  return key === undefined ? undefined : item[key];
}
