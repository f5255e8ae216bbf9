import type { AuditEntry } from '../store/audit-store';
import type { AdminDeps } from './admin-deps';
import { invalidCommand } from './admin-error';
import { resolveTeam } from './resolve-team';

const RELATIVE = /^(\d+)\s*(m|h|d)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads `--since`: an ISO 8601 date or time (`2026-12-01`,
 * `2026-12-01T10:00:00Z`), or an age such as `30m`, `12h`, `7d`.
 */
export function parseSince(since: string, now = new Date()): Date {
  const relative = RELATIVE.exec(since.trim());
  if (relative?.[1] && relative[2]) {
    return new Date(
      now.getTime() - Number(relative[1]) * (UNIT_MS[relative[2].toLowerCase()] ?? 0),
    );
  }
  const at = Date.parse(since);
  if (!/^\d{4}-\d{2}-\d{2}/.test(since.trim()) || Number.isNaN(at)) {
    throw invalidCommand(
      `--since must be an ISO 8601 time (2026-12-01T10:00:00Z) or an age (30m, 12h, 7d), got ${JSON.stringify(since)}`,
    );
  }
  return new Date(at);
}

/** `audit --team TEAM [--since TIME]`: the team's audit trail, newest first. */
export async function listAudit(
  deps: AdminDeps,
  reference: string,
  options: { readonly since?: string; readonly limit?: number } = {},
): Promise<AuditEntry[]> {
  const team = await resolveTeam(deps.teams, reference);
  return deps.audit.list(team.id, {
    ...(options.since !== undefined ? { since: parseSince(options.since) } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
}
