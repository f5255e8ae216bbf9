import type { Role, Team } from '../store/team-store';
import { ADMIN_ACTOR, type AdminDeps } from './admin-deps';
import { AdminError, invalidCommand } from './admin-error';
import { resolveTeam, TEAM_ID_PATTERN } from './resolve-team';

/** A team as the admin commands print it. */
export type TeamView = Team;

/** The result of `teams set`: the team as stored, and how many token items took the new settings. */
export interface TeamSetResult extends TeamView {
  readonly tokensUpdated: number;
}

/** `teams create --name NAME`: a new team with default role `readonly` and SCIM on. */
export async function createTeam(deps: AdminDeps, name: string): Promise<TeamView> {
  if (TEAM_ID_PATTERN.test(name)) {
    throw invalidCommand(
      `--name ${name} has the form of a team id; choose a name that is not a UUID`,
    );
  }
  const team = await deps.teams.create(name);
  if (!team) {
    throw new AdminError(
      'conflict',
      `A team named ${JSON.stringify(name)} exists already`,
    );
  }

  await deps.audit.record(team.id, ADMIN_ACTOR, {
    operation: 'create',
    resourceType: 'Team',
    resourceId: team.id,
  });
  return team;
}

/** `teams list`: every team, oldest first. */
export function listTeams(deps: AdminDeps): Promise<TeamView[]> {
  return deps.teams.list();
}

/**
 * `teams set`: changes the default role and/or switches SCIM on or off.
 * The team item is the source of truth and is written first; then each
 * token item of the team takes the new settings (the copies the
 * authorizer reads), one by one. Until the last one is written, a request
 * with a token not yet updated still sees the old settings (a fraction of
 * a second for the few tokens a team has); a crash in between is healed
 * by running the same command again.
 */
export async function setTeam(
  deps: AdminDeps,
  reference: string,
  settings: { readonly defaultRole?: Role; readonly scim?: 'on' | 'off' },
): Promise<TeamSetResult> {
  const found = await resolveTeam(deps.teams, reference);
  const scimEnabled = settings.scim === undefined ? undefined : settings.scim === 'on';

  const team = await deps.teams.update(found.id, {
    ...(settings.defaultRole !== undefined ? { defaultRole: settings.defaultRole } : {}),
    ...(scimEnabled !== undefined ? { scimEnabled } : {}),
  });
  if (!team) {
    throw new AdminError('notFound', `Team ${found.id} was deleted while being changed`);
  }

  // Every token item carries a copy of both settings (the authorizer's
  // one read); rewrite the copies of what changed.
  const tokensUpdated = await deps.tokens.copyTeamSettings(team.id, {
    ...(settings.defaultRole !== undefined ? { defaultRole: team.defaultRole } : {}),
    ...(scimEnabled !== undefined ? { scimEnabled: team.scimEnabled } : {}),
  });

  await deps.audit.record(team.id, ADMIN_ACTOR, {
    operation: 'update',
    resourceType: 'Team',
    resourceId: team.id,
  });
  return { ...team, tokensUpdated };
}
