import type { Role } from '../store/team-store';
import { badRequest } from './errors';
import { parseFilter, type Filter } from './filter/parse-filter';
import {
  emptyChange,
  memberIds,
  replaceMembers,
  setMembers,
  type GroupChange,
} from './group-change';
import type { JsonObject } from './normalize';
import { parsePatchBody, type PatchOperation } from './patch/parse-patch';
import { GROUP_SCHEMA } from './schemas';

type Op = PatchOperation['op'];

/**
 * Reads a PATCH of a fixed group into one {@link GroupChange}, applying
 * the operations in order (RFC 7644 §3.5.2). The body is read by the
 * shared PatchOp parser (case-insensitive `op`, path and value checks);
 * the group meaning is narrow, from IDP-TRAFFIC.md section H:
 * - `add` / `replace` / `remove` of `members` with a value array;
 *   `remove` with a value removes only the listed members (Entra),
 *   without one it empties the group; `replace` sets the whole
 *   membership (RFC 7644 §3.5.2.3, as Okta documents it);
 * - `remove` of `members[value eq "<id>"]` (or several joined by `or`);
 * - path-less `add`/`replace` with an object of the same attributes;
 *   read-only `id` and `displayName` are ignored when unchanged (Okta
 *   sends `{id, displayName}` on every membership update);
 * - `externalId` set or removed.
 * Changing `id` or `displayName` is 400 mutability: the groups are fixed.
 * Names no Group has are ignored, as for users.
 */
export function parseGroupPatch(body: unknown, role: Role): GroupChange {
  const change = emptyChange();
  parsePatchBody(body).forEach((operation, index) =>
    applyOperation(change, operation, `Operations[${index}]`, role),
  );
  return change;
}

function applyOperation(
  change: GroupChange,
  { op, path, value }: PatchOperation,
  where: string,
  role: Role,
): void {
  // The shared parser guarantees a path on remove and an object value without one.
  if (path === undefined) {
    for (const [key, each] of Object.entries(value as JsonObject)) {
      applyToAttribute(change, op, stripUrn(key), each, `${where}.value.${key}`, role);
    }
    return;
  }

  const name = stripUrn(path.trim());
  if (name.includes('[')) {
    applyToFilteredMembers(change, op, name, `${where}.path`);
    return;
  }
  applyToAttribute(change, op, name, value, `${where}.value`, role);
}

function applyToAttribute(
  change: GroupChange,
  op: Op,
  name: string,
  value: unknown,
  where: string,
  role: Role,
): void {
  switch (name.toLowerCase()) {
    case 'members':
      if (op === 'replace') replaceMembers(change, memberIds(value, where));
      else if (op === 'add') setMembers(change, memberIds(value, where), true);
      // Entra's remove with a value removes only the listed members.
      else if (value !== undefined && value !== null) {
        setMembers(change, memberIds(value, where), false);
      } else replaceMembers(change, []);
      return;
    case 'externalid':
      if (op === 'remove' || value === null) {
        change.externalId = null;
      } else if (typeof value === 'string') {
        change.externalId = value;
      } else {
        throw badRequest('invalidValue', `${where}: externalId must be a string`);
      }
      return;
    case 'id':
    case 'displayname':
      if (op === 'remove' || value !== role) {
        throw badRequest(
          'mutability',
          `The group ${role} is fixed: its ${name} cannot change. To give users another role, link the IdP group to admin, user or readonly instead of renaming it`,
        );
      }
      return;
    default:
      // `schemas`, `meta` and names no Group has are ignored, as for users
      // (lambdas/scim/patch/patch-path.ts; RFC 7644 §3.3).
      return;
  }
}

/** `members[value eq "<id>"]`, the form Okta and Entra use to remove one member. */
function applyToFilteredMembers(
  change: GroupChange,
  op: Op,
  path: string,
  where: string,
): void {
  const open = path.indexOf('[');
  const close = path.lastIndexOf(']');
  const ids =
    path.slice(0, open).trim().toLowerCase() === 'members' && close === path.length - 1
      ? valueEquals(parseInnerFilter(path.slice(open + 1, close), where))
      : undefined;
  if (!ids) {
    throw badRequest(
      'invalidPath',
      `${where} "${path.slice(0, 100)}" is not supported on a group; use members[value eq "<user id>"]`,
    );
  }
  if (op !== 'remove') {
    throw badRequest(
      'invalidPath',
      `${where}: ${op} of members[value eq ...] is not supported; add members with path "members" and a value array`,
    );
  }
  setMembers(change, ids, false);
}

/** The filter inside `members[...]`; a syntax error there is a bad path. */
function parseInnerFilter(text: string, where: string): Filter {
  try {
    return parseFilter(text);
  } catch {
    throw badRequest(
      'invalidPath',
      `${where}: "[${text.slice(0, 100)}]" is not a valid filter; use members[value eq "<user id>"]`,
    );
  }
}

/** The ids of `value eq "a"` or `value eq "a" or value eq "b"`; undefined for anything else. */
function valueEquals(filter: Filter): string[] | undefined {
  if (filter.op === 'or' && 'filters' in filter) {
    const parts = filter.filters.map(valueEquals);
    return parts.every((part) => part !== undefined) ? parts.flat() : undefined;
  }
  if (
    filter.op === 'eq' &&
    'attrPath' in filter &&
    'compValue' in filter &&
    filter.attrPath.toLowerCase() === 'value' &&
    typeof filter.compValue === 'string'
  ) {
    return [filter.compValue];
  }
  return undefined;
}

/** `urn:...:core:2.0:Group:members` names the same attribute as `members` (RFC 7644 §3.10). */
function stripUrn(path: string): string {
  const prefix = `${GROUP_SCHEMA.toLowerCase()}:`;
  return path.toLowerCase().startsWith(prefix) ? path.slice(prefix.length) : path;
}
