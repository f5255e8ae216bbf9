import type { ScimRequest } from '../http/scim-request';
import type { GroupProjection } from '../scim/group-projection';
import { renderGroup } from '../scim/group-resource';
import type { JsonObject } from '../scim/normalize';
import type { GroupState } from '../store/group-store';
import type { Role } from '../store/team-store';
import { DEFAULT_GROUP_MEMBERS_LIMIT } from './config';
import { getServices } from './services';

/** A group as a response shows it, with the externalId filters compare. */
export interface ReadGroup {
  readonly role: Role;
  readonly externalId?: string;
  readonly body: JsonObject;
}

/**
 * Reads and renders fixed groups, reading only what the response shows:
 * the group items (one Query, with the team item) unless the projection
 * leaves out `meta` and `externalId`, and each group's members (its
 * sparse index, pages proportional to its members, at most
 * GROUP_MEMBERS_LIMIT) only when `members` is shown. So Entra's
 * `excludedAttributes=members` reads no member, and a membership check
 * with `attributes=id` reads no group item.
 */
export async function readGroups(
  request: ScimRequest,
  roles: readonly Role[],
  projection: GroupProjection,
  options: {
    /** Read the group items even if the projection hides what they hold. */
    readonly needsState?: boolean;
    /** Group items the caller has read already. */
    readonly states?: ReadonlyMap<Role, GroupState>;
  } = {},
): Promise<ReadGroup[]> {
  if (roles.length === 0) return [];
  const { groups, config, logger } = getServices();

  const needsState =
    options.needsState === true ||
    projection.includes('meta') ||
    projection.includes('externalid');
  const states =
    options.states ??
    (needsState ? (await groups.read(request.teamId)).groups : undefined);

  const limit = config.groupMembersLimit ?? DEFAULT_GROUP_MEMBERS_LIMIT;
  const members = projection.includes('members')
    ? await Promise.all(roles.map((role) => groups.members(request.teamId, role, limit)))
    : undefined;

  return roles.map((role, index) => {
    const state = states?.get(role) ?? placeholderState(role);
    const page = members?.[index];
    if (page?.truncated) {
      logger.warn('group members truncated', {
        requestId: request.requestId,
        team: request.teamId,
        group: role,
        limit,
      });
    }
    return {
      role,
      ...(state.externalId !== undefined ? { externalId: state.externalId } : {}),
      body: projection.apply(renderGroup(state, page?.ids, request.baseUrl)),
    };
  });
}

/** Stands in for group state a projection leaves out of the response. */
function placeholderState(role: Role): GroupState {
  return { role, version: 1, created: '', lastModified: '' };
}
