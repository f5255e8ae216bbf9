import {
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { isRole } from '../scim/roles';
import { batchGet } from './batch-get';
import { groupIndex } from './group-index';
import {
  GROUP_SK_PREFIX,
  TEAM_SK,
  groupMembersPartition,
  groupSortKey,
  teamPartition,
  userSortKey,
} from './keys';
import type { Role } from './team-store';

/** What is stored of a fixed group: it exists in every team, its item only when it changed. */
export interface GroupState {
  readonly role: Role;
  readonly externalId?: string;
  /** Starts at 1; +1 for every request that changed the group's members or externalId. */
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
}

/** A team's settings and fixed groups, as one Query reads them. */
export interface TeamGroups {
  readonly defaultRole?: Role;
  readonly groups: ReadonlyMap<Role, GroupState>;
}

/** Member ids of a group in user-id order, at most the limit asked for. */
export interface MemberPage {
  readonly ids: string[];
  /** Whether the group has more members than were read. */
  readonly truncated: boolean;
}

/**
 * The fixed groups' own items and membership reads. The groups `admin`,
 * `user` and `readonly` exist in every team without being written: an
 * item (`GROUP#<role>` in the team's partition) appears only once a
 * group's externalId or version changes. Members live on the user items
 * (see {@link UserStore.setGroupMembership}) and are read through the
 * group's sparse index.
 */
export class GroupStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The team item and the three group items in one strongly consistent
   * Query: `GROUP#…` sorts just before `TEAM` in the team's partition.
   */
  async read(teamId: string): Promise<TeamGroups> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: {
          ':pk': teamPartition(teamId),
          ':from': GROUP_SK_PREFIX,
          ':to': TEAM_SK,
        },
        ConsistentRead: true,
      }),
    );

    const items = result.Items ?? [];
    const team = items.find((item) => item.sk === TEAM_SK);
    const created = typeof team?.createdAt === 'string' ? team.createdAt : EPOCH;
    const groups = new Map<Role, GroupState>();
    for (const role of ['admin', 'user', 'readonly'] as const) {
      const item = items.find((each) => each.sk === groupSortKey(role));
      groups.set(role, toState(role, item, created));
    }
    return {
      ...(isRole(team?.defaultRole) ? { defaultRole: team.defaultRole } : {}),
      groups,
    };
  }

  /**
   * Reads up to `limit` member ids of a group through its sparse index,
   * in user-id order. The index is eventually consistent: a membership
   * written a moment ago may not show yet.
   */
  async members(teamId: string, role: Role, limit: number): Promise<MemberPage> {
    const index = groupIndex(role);
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;

    // One more than asked, to know whether the list was cut.
    while (ids.length <= limit) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: '#p = :p',
          ExpressionAttributeNames: { '#p': index.partitionKey },
          ExpressionAttributeValues: { ':p': groupMembersPartition(teamId, role) },
          Limit: Math.min(limit + 1 - ids.length, 10_000),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item[index.sortKey]));
      startKey = page.LastEvaluatedKey;
      if (!startKey) break;
    }

    return { ids: ids.slice(0, limit), truncated: ids.length > limit };
  }

  /**
   * Which of `ids` are users of the team: batched strongly consistent
   * reads of their items' keys. Ids of another team's users are simply
   * absent from this team's partition.
   */
  async existingUsers(teamId: string, ids: readonly string[]): Promise<Set<string>> {
    const items = await batchGet(
      this.db,
      this.tableName,
      [...new Set(ids)].map((id) => ({ pk: teamPartition(teamId), sk: userSortKey(id) })),
      { ProjectionExpression: '#id', ExpressionAttributeNames: { '#id': 'id' } },
    );
    return new Set(items.map((item) => String(item.id)));
  }

  /**
   * Records that a request changed a group: bumps its version, stamps
   * lastModified, and sets (string) or removes (null) its externalId.
   * One unconditional update; concurrent requests each add one.
   */
  async recordChange(
    teamId: string,
    role: Role,
    now: Date,
    externalId?: string | null,
  ): Promise<void> {
    const sets = [
      '#kind = :kind',
      '#role = :role',
      '#version = if_not_exists(#version, :one) + :one',
      '#lastModified = :now',
    ];
    const names: Record<string, string> = {
      '#kind': 'kind',
      '#role': 'role',
      '#version': 'version',
      '#lastModified': 'lastModified',
    };
    const values: Record<string, unknown> = {
      ':kind': 'group',
      ':role': role,
      ':one': 1,
      ':now': now.toISOString(),
    };
    let remove = '';
    if (externalId !== undefined) {
      names['#externalId'] = 'externalId';
      if (externalId === null) {
        remove = ' REMOVE #externalId';
      } else {
        sets.push('#externalId = :externalId');
        values[':externalId'] = externalId;
      }
    }

    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: teamPartition(teamId), sk: groupSortKey(role) },
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
}

const EPOCH = new Date(0).toISOString();

function toState(
  role: Role,
  item: Record<string, unknown> | undefined,
  created: string,
): GroupState {
  return {
    role,
    ...(typeof item?.externalId === 'string' ? { externalId: item.externalId } : {}),
    version: typeof item?.version === 'number' ? item.version : 1,
    created,
    lastModified: typeof item?.lastModified === 'string' ? item.lastModified : created,
  };
}
