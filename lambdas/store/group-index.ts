import { GROUP_MEMBER_INDEXES, type IndexDefinition } from '../../lib/table-definition';
import type { Role } from './team-store';

const INDEX_BY_ROLE: Record<Role, string> = {
  admin: 'byAdminGroup',
  user: 'byUserGroup',
  readonly: 'byReadonlyGroup',
};

/** The sparse membership index of a fixed group (lib/table-definition.ts). */
export function groupIndex(role: Role): IndexDefinition {
  const index = GROUP_MEMBER_INDEXES.find((each) => each.name === INDEX_BY_ROLE[role]);
  if (!index) throw new Error(`No membership index is defined for group ${role}`);
  return index;
}

/** The attribute names of every membership index, as a user item carries them. */
export const MEMBERSHIP_ATTRIBUTES: readonly string[] = GROUP_MEMBER_INDEXES.flatMap(
  (index) => [index.partitionKey, index.sortKey],
);

/** The membership attributes of a stored user item: its group set and index keys. */
export function membershipOf(item: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const name of ['groups', ...MEMBERSHIP_ATTRIBUTES]) {
    if (item[name] !== undefined) copy[name] = item[name];
  }
  return copy;
}
