import { generateToken } from '../auth/token-format';
import { hashKeyId, hashToken } from '../auth/token-hash';
import type { Team } from '../store/team-store';
import { ADMIN_ACTOR, type AdminDeps } from './admin-deps';
import { AdminError } from './admin-error';
import { resolveTeam } from './resolve-team';

/** A new token: the only time the token itself is ever returned. */
export interface NewTokenView {
  readonly id: string;
  readonly name: string;
  readonly token: string;
  readonly createdAt: string;
  readonly teamId: string;
  readonly teamName: string;
}

/** A token as `tokens list` prints it (never the token or its hash). */
export interface TokenView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

const DAY_MS = 86_400_000;

/** `tokens create --team TEAM --name NAME`. */
export async function createToken(
  deps: AdminDeps,
  reference: string,
  name: string,
): Promise<NewTokenView> {
  return createTokenForTeam(deps, await resolveTeam(deps.teams, reference), name);
}

/**
 * Issues a token for a team and records it in the audit trail. The token
 * item takes the team's settings as read before the write; the team is
 * read again after it, so a `teams set` that ran in between (and may have
 * missed this token, being listed before it was written) still reaches it.
 */
export async function createTokenForTeam(
  deps: AdminDeps,
  team: Team,
  name: string,
): Promise<NewTokenView> {
  const token = generateToken();
  const key = await deps.keys.getKey();
  const hash = hashToken(token, key);
  const record = await deps.tokens.create(team.id, name, hash, {
    scimEnabled: team.scimEnabled,
    defaultRole: team.defaultRole,
    keyId: hashKeyId(key),
  });

  const current = await deps.teams.get(team.id);
  if (
    current &&
    (current.scimEnabled !== team.scimEnabled || current.defaultRole !== team.defaultRole)
  ) {
    await deps.tokens.copyTeamSettingsTo(hash, {
      scimEnabled: current.scimEnabled,
      defaultRole: current.defaultRole,
    });
  }

  await deps.audit.record(team.id, ADMIN_ACTOR, {
    operation: 'create',
    resourceType: 'Token',
    resourceId: record.tokenId,
  });
  return {
    id: record.tokenId,
    name: record.name,
    token,
    createdAt: record.createdAt,
    teamId: team.id,
    teamName: team.name,
  };
}

/**
 * `tokens list --team TEAM [--unused-days N]`: with N, only tokens not
 * used (nor created) in the last N days, the candidates for revocation.
 */
export async function listTokens(
  deps: AdminDeps,
  reference: string,
  unusedDays?: number,
  now = new Date(),
): Promise<TokenView[]> {
  const team = await resolveTeam(deps.teams, reference);
  const tokens = await deps.tokens.listByTeam(team.id);
  const cutoff =
    unusedDays === undefined ? undefined : now.getTime() - unusedDays * DAY_MS;

  return tokens
    .filter(
      (token) =>
        cutoff === undefined || Date.parse(token.lastUsedAt ?? token.createdAt) < cutoff,
    )
    .map((token) => ({
      id: token.tokenId,
      name: token.name,
      createdAt: token.createdAt,
      lastUsedAt: token.lastUsedAt ?? null,
    }));
}

/** `tokens revoke --team TEAM --id TOKEN_ID`: refused from the next request on. */
export async function revokeToken(
  deps: AdminDeps,
  reference: string,
  tokenId: string,
): Promise<{ readonly id: string; readonly name: string; readonly revoked: true }> {
  const team = await resolveTeam(deps.teams, reference);
  const revoked = await deps.tokens.revoke(team.id, tokenId);
  if (!revoked) {
    throw new AdminError(
      'notFound',
      `Team ${team.name} has no token with id ${JSON.stringify(tokenId)}; see tokens list`,
    );
  }

  await deps.audit.record(team.id, ADMIN_ACTOR, {
    operation: 'revoke',
    resourceType: 'Token',
    resourceId: revoked.tokenId,
  });
  return { id: revoked.tokenId, name: revoked.name, revoked: true };
}
