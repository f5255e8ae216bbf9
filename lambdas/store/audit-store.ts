import {
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { batchPut } from './batch-write';
import { newId } from './ids';
import { auditPartition, auditSortKey } from './keys';

/** Who made a change: a SCIM token (by id and name) or the administrator. */
export type AuditActor =
  | { readonly type: 'token'; readonly tokenId: string; readonly tokenName: string }
  | { readonly type: 'admin' };

/** What changed: never a body, a token or a password, only names and ids. */
export interface AuditChange {
  /** Such as `create`, `replace`, `patch`, `delete`, `revoke`, `set`. */
  readonly operation: string;
  /** Such as `User`, `Group`, `Token`, `Team`. */
  readonly resourceType: string;
  readonly resourceId: string;
  /** The user a membership change added or removed (`resourceId` is the group). */
  readonly memberId?: string;
}

/** One audit entry as stored and listed. */
export interface AuditEntry extends AuditChange {
  readonly at: string;
  readonly actor: AuditActor;
}

/** How long an entry is kept before DynamoDB's TTL removes it. */
export const AUDIT_RETENTION_DAYS = 400;

/** Most entries one `list` call returns. */
export const MAX_AUDIT_ENTRIES = 1000;

/**
 * The audit trail: one item per change in the team's own audit partition
 * (`TEAM#<teamId>#AUDIT`), sorted by time, expiring through the table's
 * TTL attribute `expiresAt`.
 */
export class AuditStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records one change: a single unconditional Put. */
  async record(
    teamId: string,
    actor: AuditActor,
    change: AuditChange,
    now = new Date(),
  ): Promise<AuditEntry> {
    const entry: AuditEntry = { at: now.toISOString(), actor, ...change };
    await this.put(teamId, entry, nextEntryId(now));
    return entry;
  }

  /**
   * Writes entries under caller-chosen ids, 25 per BatchWriteItem: written
   * again with the same id and time, an entry overwrites itself, so a
   * redelivered change (the change feed is at-least-once) never shows twice.
   */
  async putAll(
    entries: readonly { teamId: string; entry: AuditEntry; entryId: string }[],
  ): Promise<void> {
    await batchPut(
      this.db,
      this.tableName,
      entries.map(({ teamId, entry, entryId }) => this.item(teamId, entry, entryId)),
    );
  }

  private async put(teamId: string, entry: AuditEntry, entryId: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.item(teamId, entry, entryId),
      }),
    );
  }

  private item(teamId: string, entry: AuditEntry, entryId: string) {
    return {
      pk: auditPartition(teamId),
      sk: auditSortKey(entry.at, entryId),
      kind: 'audit',
      ...entry,
      expiresAt: Math.floor(Date.parse(entry.at) / 1000) + AUDIT_RETENTION_DAYS * 86_400,
    };
  }

  /** A team's entries newest first, at or after `since` when given. */
  async list(
    teamId: string,
    options: { readonly since?: Date; readonly limit?: number } = {},
  ): Promise<AuditEntry[]> {
    const limit = Math.min(options.limit ?? MAX_AUDIT_ENTRIES, MAX_AUDIT_ENTRIES);
    const since = options.since?.toISOString();
    const entries: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;

    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: since ? '#pk = :pk AND #sk >= :since' : '#pk = :pk',
          ExpressionAttributeNames: since
            ? { '#pk': 'pk', '#sk': 'sk' }
            : { '#pk': 'pk' },
          ExpressionAttributeValues: {
            ':pk': auditPartition(teamId),
            ...(since ? { ':since': since } : {}),
          },
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ExclusiveStartKey: startKey,
        }),
      );
      entries.push(...(page.Items ?? []).map(toEntry));
      startKey = page.LastEvaluatedKey;
    } while (startKey && entries.length < limit);

    return entries;
  }
}

let sequence = 0;

/**
 * An entry id that sorts after every earlier one of this container, even
 * within one millisecond (a counter, then a random UUID so containers
 * never collide); entries of different containers in one millisecond
 * have no defined order.
 */
function nextEntryId(now: Date): string {
  sequence = (sequence + 1) % 1e9;
  return `${String(sequence).padStart(9, '0')}-${newId(now.getTime())}`;
}

function toEntry(item: Record<string, unknown>): AuditEntry {
  const actor = item.actor as Record<string, unknown> | undefined;
  return {
    at: String(item.at),
    actor:
      actor?.type === 'token'
        ? {
            type: 'token',
            tokenId: String(actor.tokenId),
            tokenName: String(actor.tokenName),
          }
        : { type: 'admin' },
    operation: String(item.operation),
    resourceType: String(item.resourceType),
    resourceId: String(item.resourceId),
    ...(typeof item.memberId === 'string' ? { memberId: item.memberId } : {}),
  };
}
