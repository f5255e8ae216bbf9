import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { allOf, isConditionFailure, itemIsAbsent } from './conditions';
import { newId } from './ids';
import { TOKEN_SK, tokenPartition } from './keys';

/** What the service keeps of a token: never the token, only its keyed hash as the key. */
export interface TokenRecord {
  readonly tokenId: string;
  readonly teamId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt?: string;
}

/** How stale `lastUsedAt` may get before the authorizer writes it again. */
export const LAST_USED_GRANULARITY_MS = 60_000;

/** Token items, keyed by the token's HMAC so the authorizer needs one GetItem. */
export class TokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a new token under its hash. */
  async create(
    teamId: string,
    name: string,
    tokenHash: string,
    now = new Date(),
  ): Promise<TokenRecord> {
    const record: TokenRecord = {
      tokenId: newId(now.getTime()),
      teamId,
      name,
      createdAt: now.toISOString(),
    };
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
    return result.Item as TokenRecord | undefined;
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
}
