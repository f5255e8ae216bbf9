import {
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { allOf, isConditionFailure, itemIsAbsent } from './conditions';
import { newId } from './ids';
import { TEAM_NAME_SK, TEAM_SK, teamNamePartition, teamPartition } from './keys';

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

/** Teams: one settings item each, plus an item that keeps team names unique. */
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
          Item: {
            pk: teamNamePartition(name),
            sk: TEAM_NAME_SK,
            kind: 'teamName',
            teamId: team.id,
          },
          ...allOf(itemIsAbsent()),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }

    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: teamPartition(team.id), sk: TEAM_SK, kind: 'team', ...team },
      }),
    );
    return team;
  }
}

function toTeam(item: Record<string, unknown>): Team {
  return {
    id: String(item.id),
    name: String(item.name),
    defaultRole: item.defaultRole as Role,
    scimEnabled: item.scimEnabled !== false,
    createdAt: String(item.createdAt),
  };
}
