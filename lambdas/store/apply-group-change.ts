import { badRequest } from '../scim/errors';
import type { GroupChange } from '../scim/group-change';
import type { AuditActor } from './audit-store';
import type { GroupState, GroupStore } from './group-store';
import type { UserStore } from './user-store';

/** How many single-user writes a request keeps in flight at once. */
const WRITE_CONCURRENCY = 16;

/** What {@link applyGroupChange} needs. */
export interface GroupChangeDeps {
  readonly users: UserStore;
  readonly groups: GroupStore;
}

/** What a group PUT or PATCH changed. */
export interface GroupChangeResult {
  /** Memberships written (users added or removed). */
  readonly memberChanges: number;
  readonly externalIdChanged: boolean;
}

/**
 * Applies a group PUT or PATCH. Validation comes first and writes
 * nothing: every user to be added must exist in the team, or the request
 * is 400 invalidValue and nothing is applied. Then each membership is one
 * idempotent conditional write on that user's item (no transactions,
 * DESIGN.md "Storage"), so a retried or concurrent request converges:
 * adds and removes of different users commute, and the last write for a
 * user decides that user. That write is all a membership costs: the
 * group's version and the audit entry follow from the change feed. Only
 * a changed externalId, the group's own attribute, writes the group item.
 *
 * A full replace reads the current members from the group's index, which
 * is eventually consistent: a member added by another request a moment
 * earlier may be missed (and stays).
 */
export async function applyGroupChange(
  deps: GroupChangeDeps,
  teamId: string,
  group: GroupState,
  change: GroupChange,
  now: Date,
  actor: AuditActor,
): Promise<GroupChangeResult> {
  const adds = [...change.members].filter(([, member]) => member).map(([id]) => id);
  const removes = [...change.members].filter(([, member]) => !member).map(([id]) => id);

  const existing = await deps.groups.existingUsers(teamId, adds);
  const missing = adds.filter((id) => !existing.has(id));
  if (missing.length > 0) {
    throw badRequest(
      'invalidValue',
      `${missing.length} member(s) are not users of this team (${missing
        .slice(0, 5)
        .map((id) => JSON.stringify(id.slice(0, 64)))
        .join(
          ', ',
        )}${missing.length > 5 ? ', ...' : ''}); nothing was changed. Create the users first, then add them`,
    );
  }

  if (change.replaceAll) {
    const current = await deps.groups.members(
      teamId,
      group.role,
      Number.MAX_SAFE_INTEGER,
    );
    const keep = new Set(adds);
    removes.push(...current.ids.filter((id) => !keep.has(id) && !change.members.has(id)));
  }

  const writes = [
    ...adds.map(
      (id) => () => deps.users.setGroupMembership(teamId, id, group.role, true, actor),
    ),
    ...removes.map(
      (id) => () => deps.users.setGroupMembership(teamId, id, group.role, false, actor),
    ),
  ];
  const memberChanges = (await runLimited(writes, WRITE_CONCURRENCY)).filter(
    Boolean,
  ).length;

  const externalIdChanged =
    change.externalId !== undefined &&
    (change.externalId ?? undefined) !== group.externalId;
  if (externalIdChanged) {
    await deps.groups.recordChange(teamId, group.role, now, change.externalId);
  }
  return { memberChanges, externalIdChanged };
}

/** Runs tasks with at most `limit` in flight; results in task order. */
async function runLimited<T>(tasks: readonly (() => Promise<T>)[], limit: number) {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
