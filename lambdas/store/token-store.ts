import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { batchGet } from './batch-get';
import { allOf, isConditionFailure, itemExists, itemIsAbsent } from './conditions';
import { newId } from './ids';
import { sortKeyPrefix } from './key-prefix';
import type { Role } from './team-store';
import {
  TOKEN_LIST_SK_PREFIX,
  TOKEN_SK,
  teamPartition,
  tokenListSortKey,
  tokenPartition,
} from './keys';

/** What the service keeps of a token: never the token, only its keyed hash as the key. */
export interface TokenRecord {
  readonly tokenId: string;
  readonly teamId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  /**
   * A copy of the team's `scimEnabled`, so the authorizer decides with one
   * read; `teams set --scim` rewrites it on every token of the team.
   */
  readonly scimEnabled: boolean;
  /** A copy of the team's default role, so SCIM handlers need not read the team item. */
  readonly defaultRole?: Role;
  /** Id of the hashing key the token was hashed with (see README, key rotation). */
  readonly keyId?: string;
}

/** A token as `tokens list` shows it. */
export interface TokenSummary {
  readonly tokenId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
}

/** The team settings each token item carries a copy of. */
export interface TeamSettingsCopy {
  readonly scimEnabled?: boolean;
  readonly defaultRole?: Role;
}

/** Options of {@link TokenStore.create}. */
export interface NewTokenOptions extends TeamSettingsCopy {
  readonly keyId?: string;
  readonly now?: Date;
}

/** How stale `lastUsedAt` may get before the authorizer writes it again. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Token items, keyed by the token's HMAC so the authorizer needs one
 * GetItem, plus one listing item per token in its team's partition
 * (`TEAM#<teamId>` / `TOKEN#<tokenId>`) so a team's tokens list with one
 * Query and a token can be revoked by its id.
 */
export class TokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores a new token under its hash. The listing item is written first:
   * a crash between the two writes leaves a listing without a token item,
   * which {@link listByTeam} skips (the token was never shown to anyone),
   * never a working token that nobody can list or revoke.
   */
  async create(
    teamId: string,
    name: string,
    tokenHash: string,
    options: NewTokenOptions = {},
  ): Promise<TokenRecord> {
    const now = options.now ?? new Date();
    const record: TokenRecord = {
      tokenId: newId(now.getTime()),
      teamId,
      name,
      createdAt: now.toISOString(),
      scimEnabled: options.scimEnabled ?? true,
      ...(options.defaultRole ? { defaultRole: options.defaultRole } : {}),
      ...(options.keyId ? { keyId: options.keyId } : {}),
    };

    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: teamPartition(teamId),
          sk: tokenListSortKey(record.tokenId),
          kind: 'tokenListing',
          tokenId: record.tokenId,
          name,
          createdAt: record.createdAt,
          tokenHash,
        },
        ...allOf(itemIsAbsent()),
      }),
    );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: tokenPartition(tokenHash), sk: TOKEN_SK, kind: 'token', ...record },
        ...allOf(itemIsAbsent()),
      }),
    );
    return record;
  }

  /**
   * Reads a token by its hash, strongly consistent: a revoked (deleted)
   * token is refused on the very next request.
   */
  async findByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: tokenPartition(tokenHash), sk: TOKEN_SK },
        ConsistentRead: true,
      }),
    );
    return result.Item ? toRecord(result.Item) : undefined;
  }

  /**
   * Records use of a token when the stored time is older than
   * {@link LAST_USED_GRANULARITY_MS}; the condition keeps concurrent
   * requests from all writing it.
   */
  async touch(tokenHash: string, record: TokenRecord, now = new Date()): Promise<void> {
    const last = record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0;
    if (now.getTime() - last < LAST_USED_GRANULARITY_MS) return;

    const cutoff = new Date(now.getTime() - LAST_USED_GRANULARITY_MS).toISOString();
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: tokenPartition(tokenHash), sk: TOKEN_SK },
          UpdateExpression: 'SET #lastUsedAt = :now',
          ConditionExpression:
            'attribute_exists(#pk) AND (attribute_not_exists(#lastUsedAt) OR #lastUsedAt < :cutoff)',
          ExpressionAttributeNames: { '#pk': 'pk', '#lastUsedAt': 'lastUsedAt' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':cutoff': cutoff },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * A team's tokens, oldest first: one Query of the listing items, then
   * batched reads of the token items for their last use. A listing item
   * whose token item is gone (a crashed create or revoke) is left out.
   */
  async listByTeam(teamId: string): Promise<TokenSummary[]> {
    const listings = await this.queryListings(teamId);
    const records = await this.getMany(listings.map((listing) => listing.tokenHash));

    const summaries: TokenSummary[] = [];
    for (const listing of listings) {
      const record = records.get(tokenPartition(listing.tokenHash));
      if (!record || record.teamId !== teamId) continue;
      summaries.push({
        tokenId: record.tokenId,
        name: record.name,
        createdAt: record.createdAt,
        ...(record.lastUsedAt ? { lastUsedAt: record.lastUsedAt } : {}),
      });
    }
    return summaries;
  }

  /**
   * Revokes a token of a team: deletes the token item (the authorizer
   * refuses it from the next request on), then its listing item. Returns
   * what was revoked, or undefined when the team has no such token.
   */
  async revoke(teamId: string, tokenId: string): Promise<TokenSummary | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: teamPartition(teamId), sk: tokenListSortKey(tokenId) },
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    const listing = toListing(result.Item);

    await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: tokenPartition(listing.tokenHash), sk: TOKEN_SK },
      }),
    );
    await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: teamPartition(teamId), sk: tokenListSortKey(tokenId) },
      }),
    );
    return { tokenId: listing.tokenId, name: listing.name, createdAt: listing.createdAt };
  }

  /**
   * Copies team settings onto each of the team's token items, one
   * conditional update each (a token revoked meanwhile is skipped).
   * Returns how many token items were updated.
   */
  async copyTeamSettings(teamId: string, settings: TeamSettingsCopy): Promise<number> {
    let updated = 0;
    for (const listing of await this.queryListings(teamId)) {
      if (await this.copyTeamSettingsTo(listing.tokenHash, settings)) updated += 1;
    }
    return updated;
  }

  /** Copies team settings onto one token item; false when the token no longer exists. */
  async copyTeamSettingsTo(
    tokenHash: string,
    settings: TeamSettingsCopy,
  ): Promise<boolean> {
    const names: Record<string, string> = { '#pk': 'pk' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [key, value] of Object.entries(settings)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
    if (sets.length === 0) return true;

    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: tokenPartition(tokenHash), sk: TOKEN_SK },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ConditionExpression: itemExists().expression,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async queryListings(teamId: string): Promise<Listing[]> {
    const listings: Listing[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ...sortKeyPrefix(teamPartition(teamId), TOKEN_LIST_SK_PREFIX),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      listings.push(...(page.Items ?? []).map(toListing));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return listings;
  }

  /** Token items by their partition key. */
  private async getMany(hashes: string[]): Promise<Map<string, TokenRecord>> {
    const items = await batchGet(
      this.db,
      this.tableName,
      hashes.map((hash) => ({ pk: tokenPartition(hash), sk: TOKEN_SK })),
    );
    return new Map(items.map((item) => [String(item.pk), toRecord(item)]));
  }
}

interface Listing {
  readonly tokenId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly tokenHash: string;
}

function toListing(item: Record<string, unknown>): Listing {
  return {
    tokenId: String(item.tokenId),
    name: String(item.name),
    createdAt: String(item.createdAt),
    tokenHash: String(item.tokenHash),
  };
}

function toRecord(item: Record<string, unknown>): TokenRecord {
  return {
    tokenId: String(item.tokenId),
    teamId: String(item.teamId),
    name: String(item.name),
    createdAt: String(item.createdAt),
    ...(typeof item.lastUsedAt === 'string' ? { lastUsedAt: item.lastUsedAt } : {}),
    // Items written before the copy existed count as enabled.
    scimEnabled: item.scimEnabled !== false,
    ...(isRole(item.defaultRole) ? { defaultRole: item.defaultRole } : {}),
    ...(typeof item.keyId === 'string' ? { keyId: item.keyId } : {}),
  };
}

function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'user' || value === 'readonly';
}
