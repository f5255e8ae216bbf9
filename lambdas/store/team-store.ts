import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import {
  allOf,
  isConditionFailure,
  itemExists,
  itemIsAbsent,
  type Condition,
} from './conditions';
import { batchGet } from './batch-get';
import { newId } from './ids';
import {
  TEAM_LIST_PARTITION,
  TEAM_NAME_SK,
  TEAM_SK,
  USER_COUNT_SK,
  teamNamePartition,
  teamPartition,
} from './keys';

/** The roles a team member can hold, highest first. */
export type Role = 'admin' | 'user' | 'readonly';

/** A team (tenant) and its settings. */
export interface Team {
  readonly id: string;
  readonly name: string;
  /** Role of a user in no group; shared with SAML just-in-time provisioning. */
  readonly defaultRole: Role;
  /** Whether the team's tokens may call the SCIM API. */
  readonly scimEnabled: boolean;
  readonly createdAt: string;
}

/** The settings `teams set` may change. */
export interface TeamSettings {
  readonly defaultRole?: Role;
  readonly scimEnabled?: boolean;
}

/**
 * Teams: one settings item each, an item that keeps team names unique,
 * and a listing item under `TEAMS` so all teams list without a scan.
 */
export class TeamStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Reads a team by id. */
  async get(teamId: string): Promise<Team | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: teamPartition(teamId), sk: TEAM_SK },
        ConsistentRead: true,
      }),
    );
    return result.Item ? toTeam(result.Item) : undefined;
  }

  /** Finds a team by its unique name (case-insensitive). */
  async findByName(name: string): Promise<Team | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: teamNamePartition(name), sk: TEAM_NAME_SK },
        ConsistentRead: true,
      }),
    );
    const teamId = result.Item?.teamId as string | undefined;
    return teamId ? this.get(teamId) : undefined;
  }

  /**
   * Creates a team. The name item is written first, so two creates of one
   * name cannot both succeed; returns undefined when the name is taken.
   */
  async create(name: string, now = new Date()): Promise<Team | undefined> {
    const team: Team = {
      id: newId(now.getTime()),
      name,
      defaultRole: 'readonly',
      scimEnabled: true,
      createdAt: now.toISOString(),
    };

    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: nameItem(name, team.id, now),
          ...allOf(itemIsAbsent()),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (!(await this.reclaimStaleName(name, team.id, now))) return undefined;
    }

    // Listed before the settings item exists: `list` skips a listing whose
    // team is missing, so a crash here never shows a half-made team.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: TEAM_LIST_PARTITION,
          sk: team.id,
          kind: 'teamListing',
          teamId: team.id,
        },
      }),
    );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: teamPartition(team.id), sk: TEAM_SK, kind: 'team', ...team },
      }),
    );
    // Before any token exists, so no user is created uncounted. A crash
    // before it only makes lists count the team's users the slow way.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: teamPartition(team.id),
          sk: USER_COUNT_SK,
          kind: 'userCount',
          users: 0,
        },
        ...allOf(itemIsAbsent()),
      }),
    );
    return team;
  }

  /**
   * Takes over a team name whose create stopped after its name item (the
   * team it points to was never written), once that claim is older than
   * {@link TEAM_NAME_LEASE_MS} so a create still in flight keeps it. The
   * overwrite is conditional on the stale claim, so of two creates racing
   * for the name one wins.
   */
  private async reclaimStaleName(
    name: string,
    teamId: string,
    now: Date,
  ): Promise<boolean> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: teamNamePartition(name), sk: TEAM_NAME_SK },
        ConsistentRead: true,
      }),
    );
    const holder = result.Item?.teamId;
    const claimedAt = Number(result.Item?.claimedAt ?? 0);
    if (typeof holder !== 'string' || now.getTime() - claimedAt < TEAM_NAME_LEASE_MS) {
      return false;
    }
    if (await this.get(holder)) return false;

    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: nameItem(name, teamId, now),
          ...allOf(nameHeldBy(holder)),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Every team, oldest first: one Query of the `TEAMS` listing, then
   * batched strongly consistent reads of the settings items.
   */
  async list(): Promise<Team[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': TEAM_LIST_PARTITION },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => String(item.teamId)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);

    const items = await batchGet(
      this.db,
      this.tableName,
      ids.map((id) => ({ pk: teamPartition(id), sk: TEAM_SK })),
    );
    const teams = new Map(items.map((item) => [String(item.id), toTeam(item)]));
    return ids.flatMap((id) => teams.get(id) ?? []);
  }

  /**
   * Changes a team's settings in one conditional update and returns the
   * team as stored; undefined when the team does not exist.
   */
  async update(teamId: string, settings: TeamSettings): Promise<Team | undefined> {
    const names: Record<string, string> = { '#pk': 'pk' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    if (settings.defaultRole !== undefined) {
      names['#defaultRole'] = 'defaultRole';
      values[':defaultRole'] = settings.defaultRole;
      sets.push('#defaultRole = :defaultRole');
    }
    if (settings.scimEnabled !== undefined) {
      names['#scimEnabled'] = 'scimEnabled';
      values[':scimEnabled'] = settings.scimEnabled;
      sets.push('#scimEnabled = :scimEnabled');
    }
    if (sets.length === 0) return this.get(teamId);

    try {
      const result = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: teamPartition(teamId), sk: TEAM_SK },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: itemExists().expression,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? toTeam(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
}

/** How long a team name stays reserved for a create that has not written its team yet. */
export const TEAM_NAME_LEASE_MS = 60_000;

function nameItem(name: string, teamId: string, now: Date): Record<string, unknown> {
  return {
    pk: teamNamePartition(name),
    sk: TEAM_NAME_SK,
    kind: 'teamName',
    teamId,
    claimedAt: now.getTime(),
  };
}

/** The team-name item still points at this team (the claim the writer saw). */
const nameHeldBy = (teamId: string): Condition => ({
  expression: '#teamId = :heldBy',
  names: { '#teamId': 'teamId' },
  values: { ':heldBy': teamId },
});

function toTeam(item: Record<string, unknown>): Team {
  return {
    id: String(item.id),
    name: String(item.name),
    defaultRole: item.defaultRole as Role,
    scimEnabled: item.scimEnabled !== false,
    createdAt: String(item.createdAt),
  };
}
