import type { ScimRequest } from '../http/scim-request';
import type { UserRecord } from '../scim/user-resource';
import type { Role } from '../store/team-store';
import { getServices } from './services';

/** The role a team starts with, and the one assumed if its item lacks the setting. */
export const INITIAL_DEFAULT_ROLE: Role = 'readonly';

/**
 * The team's default role, for rendering `users`. It is the role of a
 * user in no group, so it is needed only when one of `users` is in none:
 * then it comes from the authorizer's context when that carries it, or
 * from one strongly consistent read of the team item. Nothing caches it,
 * so a changed setting shows on the very next request. When every user
 * is in a group the setting cannot show, and no read is made.
 */
export async function defaultRoleFor(
  request: ScimRequest,
  users: readonly UserRecord[],
): Promise<Role> {
  if (request.defaultRole) return request.defaultRole;
  if (users.every((user) => (user.groups ?? []).length > 0)) return INITIAL_DEFAULT_ROLE;

  const team = await getServices().teams.get(request.teamId);
  return team?.defaultRole ?? INITIAL_DEFAULT_ROLE;
}
