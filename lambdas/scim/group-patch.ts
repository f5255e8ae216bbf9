import { parse, type Filter } from 'scim2-parse-filter';

import type { Role } from '../store/team-store';
import { badRequest } from './errors';
import {
  emptyChange,
  memberIds,
  replaceMembers,
  setMembers,
  type GroupChange,
} from './group-change';
import { isObject, type JsonObject } from './normalize';
import { GROUP_SCHEMA } from './schemas';

/** URN of the PatchOp message (RFC 7644 §3.5.2). */
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

type Op = 'add' | 'remove' | 'replace';

/**
 * Reads a PATCH of a fixed group into one {@link GroupChange}, applying
 * the operations in order (RFC 7644 §3.5.2). What it accepts, from
 * IDP-TRAFFIC.md section H:
 * - `add` / `replace` / `remove` of `members` with a value array;
 *   `remove` with a value removes only the listed members (Entra), without
 *   one it empties the group, `replace` sets the whole membership (Okta);
 * - `remove` of `members[value eq "<id>"]` (also `or` of several);
 * - path-less `add`/`replace` with an object whose keys are `members`,
 *   `externalId`, and read-only `id`/`displayName`/`schemas`/`meta`,
 *   ignored when unchanged (Okta sends `{id, displayName}`);
 * - `externalId` set or removed.
 * Changing `id` or `displayName` is 400 mutability: the groups are fixed.
 */
export function parseGroupPatch(body: unknown, role: Role): GroupChange {
  if (!isObject(body)) {
    throw badRequest('invalidSyntax', 'The request body must be a PatchOp JSON object');
  }
  const operations = field(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest(
      'invalidSyntax',
      `A PATCH needs a non-empty "Operations" array (${PATCH_OP_SCHEMA}, RFC 7644 §3.5.2)`,
    );
  }

  const change = emptyChange();
  operations.forEach((operation, index) => {
    if (!isObject(operation)) {
      throw badRequest('invalidSyntax', `Operations[${index}] must be an object`);
    }
    applyOperation(change, operation, index, role);
  });
  return change;
}

function applyOperation(
  change: GroupChange,
  operation: JsonObject,
  index: number,
  role: Role,
): void {
  const op = readOp(field(operation, 'op'), index);
  const path = field(operation, 'path');
  const value = field(operation, 'value');
  const where = `Operations[${index}]`;

  if (path === undefined || path === null || path === '') {
    if (op === 'remove') {
      throw badRequest('noTarget', `${where}: remove needs a path (RFC 7644 §3.5.2.2)`);
    }
    if (!isObject(value)) {
      throw badRequest(
        'invalidValue',
        `${where}: ${op} without a path needs an object value, such as {"members": [...]}`,
      );
    }
    for (const [key, each] of Object.entries(value)) {
      applyToAttribute(change, op, stripUrn(key), each, `${where}.value.${key}`, role);
    }
    return;
  }
  if (typeof path !== 'string') {
    throw badRequest('invalidPath', `${where}: path must be a string`);
  }

  const name = stripUrn(path);
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
    case 'schemas':
    case 'meta':
      return;
    default:
      throw badRequest(
        'invalidPath',
        `${name} is not an attribute of a Group; a PATCH may change members and externalId`,
      );
  }
}

/** `members[value eq "<id>"]`, the form Okta and Entra use to remove one member. */
function applyToFilteredMembers(
  change: GroupChange,
  op: Op,
  path: string,
  where: string,
): void {
  let parsed: Filter;
  try {
    parsed = parse(path);
  } catch {
    throw badRequest(
      'invalidPath',
      `${where} "${path.slice(0, 100)}" is not a valid path`,
    );
  }
  const ids =
    parsed.op === '[]' &&
    'valFilter' in parsed &&
    parsed.attrPath.toLowerCase() === 'members'
      ? valueEquals(parsed.valFilter)
      : undefined;
  if (!ids) {
    throw badRequest(
      'invalidPath',
      `${where} "${path.slice(0, 100)}" is not supported; use members[value eq "<user id>"]`,
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

/** `op`, matched case-insensitively (Entra sends `Add`, `Replace`, `Remove`). */
function readOp(value: unknown, index: number): Op {
  const op = typeof value === 'string' ? value.toLowerCase() : '';
  if (op === 'add' || op === 'remove' || op === 'replace') return op;
  throw badRequest(
    'invalidSyntax',
    `Operations[${index}].op must be add, remove or replace; got ${JSON.stringify(value)?.slice(0, 40)}`,
  );
}

/** A member of a JSON object by case-insensitive name (RFC 7643 §2.1). */
function field(object: JsonObject, name: string): unknown {
  const key = Object.keys(object).find(
    (each) => each.toLowerCase() === name.toLowerCase(),
  );
  return key === undefined ? undefined : object[key];
}

/** `urn:...:core:2.0:Group:members` names the same attribute as `members` (RFC 7644 §3.10). */
function stripUrn(path: string): string {
  const prefix = `${GROUP_SCHEMA.toLowerCase()}:`;
  return path.toLowerCase().startsWith(prefix) ? path.slice(prefix.length) : path;
}
