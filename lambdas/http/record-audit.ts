import { getServices } from '../runtime/services';
import type { AuditActor, AuditChange } from '../store/audit-store';
import type { ScimRequest } from './scim-request';

/** The token a SCIM request came with, as the audit trail names it. */
export function requestActor(request: ScimRequest): AuditActor {
  return { type: 'token', tokenId: request.tokenId, tokenName: request.tokenName };
}

/**
 * Records a SCIM change that the change feed cannot see (a delete, whose
 * item is gone, and a group's own externalId) in the team's audit trail,
 * after the change was written: one extra Put, with the token's id and
 * name from the authorizer context (no read). Changes to user items are
 * recorded by the change feed from the item's `lastChange`. A failed audit write is logged as an
 * error (for the alarm) but does not fail a change that already happened;
 * answering 500 would make the IdP retry a write that succeeded.
 */
export async function recordAudit(
  request: ScimRequest,
  change: AuditChange,
): Promise<void> {
  const { audit, logger } = getServices();
  try {
    await audit.record(request.teamId, requestActor(request), change);
  } catch (error) {
    logger.error('audit write failed', {
      requestId: request.requestId,
      team: request.teamId,
      operation: change.operation,
      resourceType: change.resourceType,
      resourceId: change.resourceId,
      errorName: error instanceof Error ? error.name : typeof error,
    });
  }
}
