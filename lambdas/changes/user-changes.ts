import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as StreamAttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

import { isRole } from '../scim/roles';
import type { AuditActor } from '../store/audit-store';
import { USER_SK_PREFIX } from '../store/keys';
import type { LastChange, UserOperation } from '../store/last-change';
import type { Role } from '../store/team-store';

/** Digits a stream sequence number is padded to, so that they compare as strings. */
const SEQUENCE_DIGITS = 40;

/** One change to a user item, as the change feed reads it from a stream record. */
export interface UserChange {
  readonly kind: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly teamId: string;
  readonly userId: string;
  /** The record's sequence number, zero-padded: later changes sort after earlier ones. */
  readonly sequence: string;
  /** Who made the change and how, from the new image (absent on a removal). */
  readonly lastChange?: LastChange;
  /** Groups the user was in before and after the change. */
  readonly groupsBefore: ReadonlySet<Role>;
  readonly groupsAfter: ReadonlySet<Role>;
  /** When the stream saw the change (ISO), for changes that carry no time of their own. */
  readonly seenAt: string;
}

/**
 * The user-item changes among stream records, in stream order. Records of
 * other items (the stack's filter lets none through, the local stand-in
 * neither) are skipped, as is a record whose keys are not a team's user.
 */
export function readUserChanges(records: readonly DynamoDBRecord[]): UserChange[] {
  const changes: UserChange[] = [];
  for (const record of records) {
    const stream = record.dynamodb;
    const kind = record.eventName;
    if (!stream?.Keys || !kind || !stream.SequenceNumber) continue;

    const keys = image(stream.Keys);
    const pk = typeof keys.pk === 'string' ? keys.pk : '';
    const sk = typeof keys.sk === 'string' ? keys.sk : '';
    const teamId = /^TEAM#([^#]+)$/.exec(pk)?.[1];
    if (!teamId || !sk.startsWith(USER_SK_PREFIX)) continue;

    const before = stream.OldImage ? image(stream.OldImage) : undefined;
    const after = stream.NewImage ? image(stream.NewImage) : undefined;
    const lastChange = after ? readLastChange(after.lastChange) : undefined;
    const seconds = stream.ApproximateCreationDateTime ?? Date.now() / 1000;
    changes.push({
      kind,
      teamId,
      userId: sk.slice(USER_SK_PREFIX.length),
      sequence: padSequence(stream.SequenceNumber),
      ...(lastChange ? { lastChange } : {}),
      groupsBefore: rolesOf(before?.groups),
      groupsAfter: rolesOf(after?.groups),
      seenAt: new Date(seconds * 1000).toISOString(),
    });
  }
  return changes;
}

/** A stream sequence number as a fixed-width string. */
export function padSequence(sequence: string): string {
  return sequence.padStart(SEQUENCE_DIGITS, '0');
}

/** The groups whose membership a change altered. */
export function changedGroups(change: UserChange): Role[] {
  const roles = new Set<Role>([...change.groupsBefore, ...change.groupsAfter]);
  return [...roles].filter(
    (role) => change.groupsBefore.has(role) !== change.groupsAfter.has(role),
  );
}

function image(
  attributes: Record<string, StreamAttributeValue>,
): Record<string, unknown> {
  // The stream's attribute values are DynamoDB's own wire shape.
  return unmarshall(attributes as Record<string, AttributeValue>);
}

function rolesOf(groups: unknown): Set<Role> {
  const values = groups instanceof Set ? [...(groups as Set<unknown>)] : [];
  return new Set(values.filter(isRole));
}

const OPERATIONS = new Set<UserOperation>([
  'create',
  'replace',
  'patch',
  'revert',
  'addMember',
  'removeMember',
]);

function readLastChange(value: unknown): LastChange | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const change = value as Record<string, unknown>;
  const operation = change.operation as UserOperation;
  if (!OPERATIONS.has(operation) || typeof change.at !== 'string') return undefined;
  const actor = readActor(change.actor);
  if (!actor) return undefined;
  return {
    operation,
    actor,
    at: change.at,
    ...(isRole(change.role) ? { role: change.role } : {}),
  };
}

function readActor(value: unknown): AuditActor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const actor = value as Record<string, unknown>;
  if (actor.type === 'admin') return { type: 'admin' };
  if (
    actor.type === 'token' &&
    typeof actor.tokenId === 'string' &&
    typeof actor.tokenName === 'string'
  ) {
    return { type: 'token', tokenId: actor.tokenId, tokenName: actor.tokenName };
  }
  return undefined;
}
