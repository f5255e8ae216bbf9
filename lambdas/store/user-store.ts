import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { INDEX } from '../../lib/table-definition';
import { conflict, notFound, preconditionFailed } from '../scim/errors';
import { isObject, type JsonObject } from '../scim/normalize';
import { deepEqual } from '../scim/deep-equal';
import { sortRoles } from '../scim/roles';
import type { UserAttributes, UserRecord } from '../scim/user-resource';
import type { AuditActor } from './audit-store';
import {
  allOf,
  guardIsClaim,
  guardPointsTo,
  isConditionFailure,
  itemExists,
  itemIsAbsent,
  versionMatches,
} from './conditions';
import { groupIndex, membershipOf } from './group-index';
import { batchGet } from './batch-get';
import { storeFailure } from './dynamo-failure';
import { newId } from './ids';
import { sortKeyPrefix } from './key-prefix';
import {
  emailPartition,
  externalIdPartition,
  groupMembersPartition,
  guardSortKey,
  teamPartition,
  userNameKey,
  userSortKey,
  USER_COUNT_SK,
  USER_SK_PREFIX,
} from './keys';
import type { ChangeAuthor, LastChange } from './last-change';
import type { Role } from './team-store';

/**
 * How long a fresh userName guard belongs to the request that wrote it,
 * even though its user is not (yet) written. Longer than any request may
 * run (API Gateway stops waiting after 29 s), so a guard is reclaimed only
 * from a writer that has crashed, never from one still working.
 */
export const GUARD_LEASE_MS = 30_000;

/** Margin under the lease within which a writer trusts its guard without re-reading it. */
const LEASE_SAFETY_MS = 5_000;

/** How often a write that lost a race is retried before the client gets a 409. */
const MAX_ATTEMPTS = 3;

interface UserItem {
  pk: string;
  sk: string;
  kind: 'user';
  id: string;
  userNameKey: string;
  attrs: JsonObject;
  ext?: JsonObject;
  externalId?: string;
  extPk?: string;
  extSk?: string;
  emailPk?: string;
  emailSk?: string;
  version: number;
  created: string;
  lastModified: string;
  /** The fixed groups the user is in (absent when none: DynamoDB has no empty sets). */
  groups?: Set<string>;
  /** Who made the last change, for the change feed's audit entry. */
  lastChange?: LastChange;
}

interface GuardItem {
  pk: string;
  sk: string;
  kind: 'userNameGuard';
  userId: string;
  claimedAtMs: number;
}

/** A page of a team's users in id order, with the team's user count. */
export interface UserPage {
  readonly totalResults: number;
  readonly users: UserRecord[];
}

/**
 * Users of a team, stored one item each, with `userName` kept unique per
 * team by a guard item per lower-cased userName (DESIGN.md "Storage").
 *
 * Every write is a single-item conditional write. The guard rules:
 * - a guard counts only if the user it points to exists and still has
 *   that userName, or it is younger than {@link GUARD_LEASE_MS} (its
 *   writer may still be working);
 * - otherwise it is stale (left by a crash) and the next writer takes it
 *   over with a write conditional on the exact claim it saw.
 */
export class UserStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads one user, strongly consistent; undefined when absent. */
  async get(teamId: string, id: string): Promise<UserRecord | undefined> {
    const item = await this.getUserItem(teamId, id);
    return item && toRecord(item);
  }

  /** Reads several users at once (BatchGetItem, strongly consistent); absent ids are left out. */
  async getMany(teamId: string, ids: readonly string[]): Promise<UserRecord[]> {
    const items = await batchGet(
      this.db,
      this.tableName,
      [...new Set(ids)].map((id) => ({ pk: teamPartition(teamId), sk: userSortKey(id) })),
    );
    return items.map((item) => toRecord(item as unknown as UserItem));
  }

  /** Finds the user holding a userName (case-insensitive): two strongly consistent reads. */
  async findByUserName(
    teamId: string,
    userName: string,
  ): Promise<UserRecord | undefined> {
    const key = userNameKey(userName);
    const guard = await this.getGuard(teamId, key);
    if (!guard) return undefined;

    const holder = await this.getUserItem(teamId, guard.userId);
    return holder && holder.userNameKey === key ? toRecord(holder) : undefined;
  }

  /** Finds users by externalId (case-exact) through the sparse index. */
  async findByExternalId(teamId: string, externalId: string): Promise<UserRecord[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byExternalId,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': 'extPk' },
        ExpressionAttributeValues: { ':p': externalIdPartition(teamId, externalId) },
      }),
    );
    return (result.Items ?? []).map((item) => toRecord(item as UserItem));
  }

  /**
   * Creates a user: two writes, the guard first, then the user. A crash
   * between the two leaves only a guard that points nowhere, which the
   * lease and the next writer reclaim. The team's user count and the
   * audit entry follow from the change feed, not from this request.
   */
  async create(
    teamId: string,
    attributes: UserAttributes,
    actor: AuditActor,
  ): Promise<UserRecord> {
    const id = newId(this.now());
    const key = userNameKey(String(attributes.core.userName));
    const claimedAtMs = await this.claimUserName(teamId, key, id);

    const timestamp = new Date(this.now()).toISOString();
    const item = buildItem(teamId, id, attributes, 1, timestamp, timestamp);
    item.lastChange = { operation: 'create', actor, at: timestamp };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...allOf(itemIsAbsent()),
        }),
      );
    } catch (error) {
      // A throttled write was certainly not applied: free the name at once so
      // the client's retry is not refused for the length of the lease. After a
      // timeout the write may have landed, so the guard must stay.
      if (wasNotApplied(error)) {
        await this.releaseGuard(teamId, key, id).catch(() => undefined);
      }
      throw error;
    }

    if (!(await this.stillHoldsGuard(teamId, key, id, claimedAtMs))) {
      await this.deleteUserItem(teamId, id, 1);
      throw conflict(
        `userName ${String(attributes.core.userName)} was taken by a concurrent request`,
      );
    }
    return toRecord(item);
  }

  /**
   * Replaces a user's attributes (PUT). A rename claims the new guard,
   * writes the user conditional on the version it read, then drops the old
   * guard. Without `expectedVersion` a lost race is retried on fresh data;
   * with it (If-Match), the client gets 412. `change` may be a function of
   * the current user (PATCH): it is applied to the version read, and again
   * to fresh data when a race is retried, so every write is one
   * conditional write of a complete, validated user.
   */
  async replace(
    teamId: string,
    id: string,
    change: UserAttributes | ((current: UserRecord) => Promise<UserAttributes>),
    author: ChangeAuthor,
    expectedVersion?: number,
  ): Promise<UserRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.getUserItem(teamId, id);
      if (!current) throw userNotFound(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw stale(id, current.version);
      }
      const attributes =
        typeof change === 'function' ? await change(toRecord(current)) : change;
      // A PATCH that changes nothing (Entra re-sends values every cycle) writes nothing.
      if (typeof change === 'function' && sameAttributes(current, attributes)) {
        return toRecord(current);
      }

      const newKey = userNameKey(String(attributes.core.userName));
      const renamed = newKey !== current.userNameKey;
      const claimedAtMs = renamed ? await this.claimUserName(teamId, newKey, id) : 0;

      const timestamp = new Date(this.now()).toISOString();
      const item = buildItem(
        teamId,
        id,
        attributes,
        current.version + 1,
        current.created,
        timestamp,
      );
      item.lastChange = {
        operation: author.operation,
        actor: author.actor,
        at: timestamp,
      };
      // Memberships are written through /Groups only; a PUT keeps them.
      Object.assign(item, membershipOf(current as unknown as Record<string, unknown>));
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ...allOf(itemExists(), versionMatches(current.version)),
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) {
          if (renamed && wasNotApplied(error)) {
            await this.releaseGuard(teamId, newKey, id).catch(() => undefined);
          }
          throw error;
        }
        // The new guard, if any, now points at a user without that name: stale, reclaimable.
        if (expectedVersion !== undefined) throw stale(id);
        continue;
      }

      if (renamed) {
        if (!(await this.stillHoldsGuard(teamId, newKey, id, claimedAtMs))) {
          await this.restore(current, item.version, author.actor);
          throw conflict(
            `userName ${String(attributes.core.userName)} was taken by a concurrent request`,
          );
        }
        await this.releaseGuard(teamId, current.userNameKey, id);
      }
      return toRecord(item);
    }

    throw conflict(`User ${id} kept changing during the update; send it again`);
  }

  /**
   * Puts a user into a fixed group or takes them out: one conditional
   * update of the user item (its group set, the group's sparse index keys,
   * its version and who changed it, together), so a user's groups and role
   * change in one write; the group's version and the audit entry follow
   * from the change feed. Idempotent: returns false, writing nothing, when
   * the user is already in (or out of) the group or no longer exists.
   */
  async setGroupMembership(
    teamId: string,
    userId: string,
    role: Role,
    member: boolean,
    actor: AuditActor,
  ): Promise<boolean> {
    const index = groupIndex(role);
    const names = {
      '#pk': 'pk',
      '#groups': 'groups',
      '#version': 'version',
      '#lastModified': 'lastModified',
      '#lastChange': 'lastChange',
      '#gpk': index.partitionKey,
      '#gsk': index.sortKey,
    };
    const now = new Date(this.now()).toISOString();
    const lastChange: LastChange = {
      operation: member ? 'addMember' : 'removeMember',
      actor,
      at: now,
      role,
    };
    const common = {
      ':role': role,
      ':roles': new Set([role]),
      ':one': 1,
      ':now': now,
      ':change': lastChange,
    };

    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: teamPartition(teamId), sk: userSortKey(userId) },
          ...(member
            ? {
                UpdateExpression:
                  'ADD #groups :roles, #version :one SET #gpk = :gpk, #gsk = :gsk, #lastModified = :now, #lastChange = :change',
                ConditionExpression:
                  'attribute_exists(#pk) AND NOT contains(#groups, :role)',
                ExpressionAttributeValues: {
                  ...common,
                  ':gpk': groupMembersPartition(teamId, role),
                  ':gsk': userId,
                },
              }
            : {
                UpdateExpression:
                  'DELETE #groups :roles ADD #version :one SET #lastModified = :now, #lastChange = :change REMOVE #gpk, #gsk',
                ConditionExpression: 'attribute_exists(#pk) AND contains(#groups, :role)',
                ExpressionAttributeValues: common,
              }),
          ExpressionAttributeNames: names,
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  /**
   * Deletes a user, then its guard; a crash between leaves a stale guard
   * only. The change feed takes the user out of the team's count.
   */
  async delete(teamId: string, id: string, expectedVersion?: number): Promise<void> {
    const current = await this.getUserItem(teamId, id);
    if (!current) throw userNotFound(id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw stale(id, current.version);
    }

    const deleted = await this.deleteUserItem(teamId, id, current.version);
    if (!deleted) {
      if (expectedVersion !== undefined) throw stale(id);
      // Changed since we read it: delete whatever is there now.
      return this.delete(teamId, id);
    }
    await this.releaseGuard(teamId, current.userNameKey, id);
  }

  /**
   * One page of a team's users in id (creation) order, 1-based
   * `startIndex` as in RFC 7644 §3.4.2.4, and the team's user count.
   */
  async list(teamId: string, startIndex: number, count: number): Promise<UserPage> {
    const end = startIndex - 1 + count;
    // One user past the page, to know whether another page follows.
    const walk = count > 0 ? await this.listAfter(teamId, undefined, end + 1) : undefined;
    const users = walk?.users ?? [];
    if (walk && !walk.more && users.length <= end) {
      // The walk reached the last user: it knows the total.
      return { totalResults: users.length, users: users.slice(startIndex - 1) };
    }
    // Otherwise the count item gives it. It trails creates by the change
    // feed's delay, so it is never taken below what the walk has seen: an
    // IdP that pages until startIndex passes totalResults always asks for
    // the next page while one exists.
    return {
      totalResults: Math.max(await this.count(teamId), users.length),
      users: users.slice(startIndex - 1, end),
    };
  }

  /**
   * Up to `limit` users with ids after `afterId` (all when undefined), in
   * id order: one Query that starts at the key, so a deep page costs what
   * the first does (RFC 9865 cursor paging). `more` is false once the
   * partition's users are exhausted.
   */
  async listAfter(
    teamId: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<{ users: UserRecord[]; more: boolean }> {
    const items: UserItem[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined =
      afterId === undefined
        ? undefined
        : { pk: teamPartition(teamId), sk: userSortKey(afterId) };
    let more = true;

    while (items.length < limit) {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ...sortKeyPrefix(teamPartition(teamId), USER_SK_PREFIX),
          Limit: limit - items.length,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      items.push(...((page.Items ?? []) as UserItem[]));
      exclusiveStartKey = page.LastEvaluatedKey;
      if (!exclusiveStartKey) {
        more = false;
        break;
      }
    }
    return { users: items.map(toRecord), more };
  }

  /** Finds users whose work e-mail is `email` (case-insensitive) through the sparse index. */
  async findByWorkEmail(teamId: string, email: string): Promise<UserRecord[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byEmail,
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': 'emailPk' },
        ExpressionAttributeValues: { ':p': emailPartition(teamId, email) },
      }),
    );
    // The index is eventually consistent: re-read each hit so the answer is current.
    const users = await Promise.all(
      (result.Items ?? []).map((item) => this.get(teamId, String(item.id))),
    );
    return users.filter((user) => user !== undefined);
  }

  /**
   * The number of users in a team: one strongly consistent read of the
   * team's count item, which the change feed keeps (so it trails a create
   * or delete by the feed's delay, about a second). A team made before
   * count items existed is counted with a COUNT Query over its users,
   * O(team).
   */
  async count(teamId: string): Promise<number> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: teamPartition(teamId), sk: USER_COUNT_SK },
        ConsistentRead: true,
      }),
    );
    const users = result.Item?.users;
    return typeof users === 'number' ? Math.max(0, users) : this.countAll(teamId);
  }

  private async countAll(teamId: string): Promise<number> {
    let total = 0;
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ...sortKeyPrefix(teamPartition(teamId), USER_SK_PREFIX),
          Select: 'COUNT',
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      total += page.Count ?? 0;
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return total;
  }

  /**
   * Makes the guard of `key` point at `userId`, or throws 409 when a live
   * user holds the name or another request is writing it. Returns the
   * claim time written.
   */
  private async claimUserName(
    teamId: string,
    key: string,
    userId: string,
  ): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const claimedAtMs = this.now();
      const guard: GuardItem = {
        pk: teamPartition(teamId),
        sk: guardSortKey(key),
        kind: 'userNameGuard',
        userId,
        claimedAtMs,
      };

      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: guard,
            ...allOf(itemIsAbsent()),
          }),
        );
        return claimedAtMs;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }

      const existing = await this.getGuard(teamId, key);
      if (!existing) continue;
      if (existing.userId === userId) return existing.claimedAtMs;

      const holder = await this.getUserItem(teamId, existing.userId);
      if (holder && holder.userNameKey === key) {
        throw conflict(`A user with userName ${key} already exists in this team`);
      }
      if (claimedAtMs - existing.claimedAtMs < GUARD_LEASE_MS) {
        throw conflict(
          `userName ${key} is being written by another request; try again shortly`,
        );
      }

      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: guard,
            ...allOf(guardIsClaim(existing.userId, existing.claimedAtMs)),
          }),
        );
        return claimedAtMs;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }

    throw conflict(
      `userName ${key} is contended by concurrent requests; try again shortly`,
    );
  }

  /**
   * Whether the guard still points at `userId`. Within the lease nobody
   * may take it, so only a writer that ran long re-reads it.
   */
  private async stillHoldsGuard(
    teamId: string,
    key: string,
    userId: string,
    claimedAtMs: number,
  ): Promise<boolean> {
    if (this.now() - claimedAtMs < GUARD_LEASE_MS - LEASE_SAFETY_MS) return true;
    const guard = await this.getGuard(teamId, key);
    return guard?.userId === userId;
  }

  /** Puts back the item a rename replaced, if nothing changed it since. */
  private async restore(
    previous: UserItem,
    writtenVersion: number,
    actor: AuditActor,
  ): Promise<void> {
    const item: UserItem = {
      ...previous,
      version: writtenVersion + 1,
      lastChange: { operation: 'revert', actor, at: new Date(this.now()).toISOString() },
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...allOf(versionMatches(writtenVersion)),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async releaseGuard(teamId: string, key: string, userId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: teamPartition(teamId), sk: guardSortKey(key) },
          ...allOf(guardPointsTo(userId)),
        }),
      );
    } catch (error) {
      // Someone else holds the name now: their guard stays.
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async deleteUserItem(
    teamId: string,
    id: string,
    version: number,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: teamPartition(teamId), sk: userSortKey(id) },
          ...allOf(itemExists(), versionMatches(version)),
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  }

  private async getUserItem(teamId: string, id: string): Promise<UserItem | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: teamPartition(teamId), sk: userSortKey(id) },
        ConsistentRead: true,
      }),
    );
    return result.Item as UserItem | undefined;
  }

  private async getGuard(teamId: string, key: string): Promise<GuardItem | undefined> {
    const result = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: teamPartition(teamId), sk: guardSortKey(key) },
        ConsistentRead: true,
      }),
    );
    return result.Item as GuardItem | undefined;
  }
}

function buildItem(
  teamId: string,
  id: string,
  attributes: UserAttributes,
  version: number,
  created: string,
  lastModified: string,
): UserItem {
  const workEmail = findWorkEmail(attributes.core.emails);
  return {
    pk: teamPartition(teamId),
    sk: userSortKey(id),
    kind: 'user',
    id,
    userNameKey: userNameKey(String(attributes.core.userName)),
    attrs: attributes.core,
    ...(attributes.enterprise ? { ext: attributes.enterprise } : {}),
    ...(attributes.externalId !== undefined
      ? {
          externalId: attributes.externalId,
          extPk: externalIdPartition(teamId, attributes.externalId),
          extSk: id,
        }
      : {}),
    ...(workEmail ? { emailPk: emailPartition(teamId, workEmail), emailSk: id } : {}),
    version,
    created,
    lastModified,
  };
}

function findWorkEmail(emails: unknown): string | undefined {
  if (!Array.isArray(emails)) return undefined;
  const work = emails.find(
    (email) => isObject(email) && String(email.type ?? '').toLowerCase() === 'work',
  );
  return isObject(work) && typeof work.value === 'string' ? work.value : undefined;
}

function toRecord(item: UserItem): UserRecord {
  return {
    id: item.id,
    core: item.attrs,
    ...(item.ext ? { enterprise: item.ext } : {}),
    ...(item.externalId !== undefined ? { externalId: item.externalId } : {}),
    version: item.version,
    created: item.created,
    lastModified: item.lastModified,
    groups: sortRoles(item.groups ?? []),
  };
}

/** Whether `attributes` are what the item already stores. */
function sameAttributes(item: UserItem, attributes: UserAttributes): boolean {
  return (
    deepEqual(item.attrs, attributes.core) &&
    deepEqual(item.ext, attributes.enterprise) &&
    item.externalId === attributes.externalId
  );
}

/** Whether a failed write certainly did not reach the table (it was throttled). */
function wasNotApplied(error: unknown): boolean {
  return storeFailure(error)?.status === 429;
}

function userNotFound(id: string) {
  return notFound(`User ${id} not found in this team`);
}

function stale(id: string, current?: number) {
  return preconditionFailed(
    current === undefined
      ? `User ${id} changed since the version in If-Match; GET it again and retry`
      : `User ${id} is at version W/"${current}", not the one in If-Match; GET it again and retry`,
  );
}
