import type { GroupState } from '../store/group-store';
import type { Role } from '../store/team-store';
import { badRequest, ScimError } from './errors';
import { memberIds, replaceMembers, emptyChange, type GroupChange } from './group-change';
import { isObject, type JsonObject } from './normalize';
import { isRole } from './roles';
import { GROUP_SCHEMA } from './schemas';

/** What IdPs should do instead of creating, renaming or deleting a group. */
export const LINK_ADVICE =
  'This service has exactly three groups, admin, user and readonly, whose membership is the role; link your IdP group to one of them instead (Okta: Push Groups, "Link Group"; Entra: name or map the group to admin, user or readonly and untick the Create and Delete target-object actions)';

/** The fixed group an id names; 404 for anything else (ids are case-exact). */
export function groupById(id: string): Role {
  if (isRole(id)) return id;
  throw new ScimError(
    404,
    `Group ${id.slice(0, 100)} not found; the groups are admin, user and readonly`,
  );
}

/**
 * Renders a fixed group (RFC 7643 §4.2). Its id and displayName are the
 * role name: stable, case-exact, the same in every team (a token only
 * ever sees its own team). `members` is left out when not read.
 */
export function renderGroup(
  group: GroupState,
  members: readonly string[] | undefined,
  baseUrl: string,
): JsonObject {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.role,
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
    displayName: group.role,
    ...(members
      ? {
          members: members.map((id) => ({
            value: id,
            $ref: `${baseUrl}/Users/${id}`,
            type: 'User',
          })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: group.created,
      lastModified: group.lastModified,
      location: `${baseUrl}/Groups/${group.role}`,
      version: groupEtag(group.version),
    },
  };
}

/** The weak ETag of a group version (RFC 7644 §3.14). */
export function groupEtag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Reads a PUT of a fixed group (RFC 7644 §3.5.1): the membership becomes
 * exactly `members` (none when absent: a PUT replaces), `externalId` is
 * set or removed, read-only `id`, `schemas` and `meta` are ignored, and
 * `displayName`, when sent, must be the group's own.
 */
export function parseGroupPut(body: unknown, role: Role): GroupChange {
  if (!isObject(body)) {
    throw badRequest(
      'invalidSyntax',
      'The request body must be a JSON object holding a Group',
    );
  }

  const change = emptyChange();
  replaceMembers(change, []);
  change.externalId = null;

  for (const [key, value] of Object.entries(body)) {
    const name = key.toLowerCase().startsWith(`${GROUP_SCHEMA.toLowerCase()}:`)
      ? key.slice(GROUP_SCHEMA.length + 1).toLowerCase()
      : key.toLowerCase();
    if (name === 'members') {
      replaceMembers(change, memberIds(value, 'members'));
    } else if (name === 'externalid' && value !== null && value !== undefined) {
      if (typeof value !== 'string') {
        throw badRequest('invalidValue', 'externalId must be a string');
      }
      change.externalId = value;
    } else if (name === 'displayname' && value !== role) {
      throw badRequest(
        'mutability',
        `The group ${role} is fixed: its displayName cannot become ${JSON.stringify(value)?.slice(0, 60)}. ${LINK_ADVICE}`,
      );
    }
  }
  return change;
}
