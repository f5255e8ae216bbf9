import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import type { AuditEntry, AuditStore } from '../store/audit-store';
import { isConditionFailure } from '../store/conditions';
import type { GroupStore } from '../store/group-store';
import { teamPartition, USER_COUNT_SK } from '../store/keys';
import type { Role } from '../store/team-store';
import { changedGroups, type UserChange } from './user-changes';

/** What the change feed writes with. */
export interface ChangeFeedDeps {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly audit: AuditStore;
  readonly groups: GroupStore;
}

/** What one batch of changes wrote. */
export interface FeedOutcome {
  readonly auditEntries: number;
  readonly groupVersions: number;
  readonly teamCounts: number;
}

/** How often a count update that lost a race with another is tried again. */
const COUNT_ATTEMPTS = 5;

/**
 * Applies a batch of user-item changes, in stream order, off the request
 * path: the audit entry of every create, replace, patch and membership
 * change (from the item's `lastChange`); a new version of every group
 * whose members changed; and the net change of each team's user count.
 * Every part may run again on the same records (the feed is
 * at-least-once) without counting or auditing twice: audit entries are
 * keyed by the record's sequence number, and a count item remembers the
 * last sequence number it took in. Only a group's version may move one
 * step more than needed, which changes its ETag and nothing else.
 */
export async function applyUserChanges(
  deps: ChangeFeedDeps,
  changes: readonly UserChange[],
): Promise<FeedOutcome> {
  const entries = changes.flatMap((change) => {
    const entry = auditEntry(change);
    return entry
      ? [{ teamId: change.teamId, entry, entryId: `feed-${change.sequence}` }]
      : [];
  });
  await deps.audit.putAll(entries);

  const groupTimes = new Map<string, { teamId: string; role: Role; at: string }>();
  for (const change of changes) {
    for (const role of changedGroups(change)) {
      const at = change.lastChange?.at ?? change.seenAt;
      const key = `${change.teamId}#${role}`;
      const seen = groupTimes.get(key);
      if (!seen || seen.at < at) groupTimes.set(key, { teamId: change.teamId, role, at });
    }
  }
  for (const { teamId, role, at } of groupTimes.values()) {
    await deps.groups.recordChange(teamId, role, new Date(at));
  }

  const byTeam = new Map<string, UserChange[]>();
  for (const change of changes) {
    if (change.kind === 'MODIFY') continue;
    const teamChanges = byTeam.get(change.teamId);
    if (teamChanges) teamChanges.push(change);
    else byTeam.set(change.teamId, [change]);
  }
  let teamCounts = 0;
  for (const [teamId, teamChanges] of byTeam) {
    if (await countUsers(deps, teamId, teamChanges)) teamCounts++;
  }

  return { auditEntries: entries.length, groupVersions: groupTimes.size, teamCounts };
}

function auditEntry(change: UserChange): AuditEntry | undefined {
  const last = change.lastChange;
  if (change.kind === 'REMOVE' || !last) return undefined;
  if (
    last.role &&
    (last.operation === 'addMember' || last.operation === 'removeMember')
  ) {
    return {
      at: last.at,
      actor: last.actor,
      operation: last.operation,
      resourceType: 'Group',
      resourceId: last.role,
      memberId: change.userId,
    };
  }
  return {
    at: last.at,
    actor: last.actor,
    operation: last.operation,
    resourceType: 'User',
    resourceId: change.userId,
  };
}

/**
 * Adds a team's creates and subtracts its deletes, taking in only the
 * changes after the last sequence number the count item recorded, in one
 * update conditional on that number. A team without a count item (made
 * before count items existed) is left alone: its lists count with a Query.
 * Returns whether the count moved.
 */
async function countUsers(
  deps: ChangeFeedDeps,
  teamId: string,
  changes: readonly UserChange[],
): Promise<boolean> {
  const key = { pk: teamPartition(teamId), sk: USER_COUNT_SK };
  for (let attempt = 0; attempt < COUNT_ATTEMPTS; attempt++) {
    const { Item: item } = await deps.db.send(
      new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }),
    );
    if (!item) return false;
    const applied = typeof item.sequence === 'string' ? item.sequence : '';
    const fresh = changes.filter((change) => change.sequence > applied);
    const last = fresh.at(-1);
    if (!last) return false;
    const delta = fresh.reduce(
      (sum, change) => sum + (change.kind === 'INSERT' ? 1 : -1),
      0,
    );

    try {
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: key,
          UpdateExpression: 'ADD #users :delta SET #sequence = :last',
          ConditionExpression: applied
            ? '#sequence = :applied'
            : 'attribute_exists(#users) AND attribute_not_exists(#sequence)',
          ExpressionAttributeNames: { '#users': 'users', '#sequence': 'sequence' },
          ExpressionAttributeValues: {
            ':delta': delta,
            ':last': last.sequence,
            ...(applied ? { ':applied': applied } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`The user count of team ${teamId} kept changing under the change feed`);
}
