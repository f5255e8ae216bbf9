import type { Team, TeamStore } from '../store/team-store';
import { AdminError } from './admin-error';

/** The shape of a team id (a UUID); team names may not take it, so a reference is never ambiguous. */
export const TEAM_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds a team by its id or its unique name; throws notFound naming what was given. */
export async function resolveTeam(teams: TeamStore, reference: string): Promise<Team> {
  const team = TEAM_ID_PATTERN.test(reference)
    ? await teams.get(reference.toLowerCase())
    : await teams.findByName(reference);
  if (!team) {
    throw new AdminError(
      'notFound',
      `No team has the id or name ${JSON.stringify(reference)}; see teams list`,
    );
  }
  return team;
}
