import type { AuditActor } from './audit-store';
import type { Role } from './team-store';

/** What a write to a user item did; the change feed turns it into an audit entry. */
export type UserOperation =
  'create' | 'replace' | 'patch' | 'revert' | 'addMember' | 'removeMember';

/**
 * Stored on the user item by every write that changes it, so that the
 * change feed (DynamoDB Streams) can say who changed what, and when,
 * without a second write in the request.
 */
export interface LastChange {
  readonly operation: UserOperation;
  readonly actor: AuditActor;
  readonly at: string;
  /** The group a membership change concerns. */
  readonly role?: Role;
}

/** Who asked for a change to a user, and as which SCIM operation. */
export interface ChangeAuthor {
  readonly actor: AuditActor;
  readonly operation: 'replace' | 'patch';
}
