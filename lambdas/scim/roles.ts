import type { Role } from '../store/team-store';

/** The three roles, highest first: a user in several groups gets the first one listed. */
export const ROLES: readonly Role[] = ['admin', 'user', 'readonly'];

/** Whether a value names one of the three roles (case-exact, as group ids are). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * A user's effective role: the highest group the user is in (admin >
 * user > readonly), or the team's default role when in none (SPEC.md
 * "Roles as groups").
 */
export function effectiveRole(groups: readonly Role[], defaultRole: Role): Role {
  return ROLES.find((role) => groups.includes(role)) ?? defaultRole;
}

/** Roles in rank order, without duplicates or unknown names. */
export function sortRoles(groups: Iterable<unknown>): Role[] {
  const given = new Set(groups);
  return ROLES.filter((role) => given.has(role));
}
