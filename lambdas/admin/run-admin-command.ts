import type { AdminCommand } from './admin-command';
import type { AdminDeps } from './admin-deps';
import { listAudit } from './audit-commands';
import { createTeam, listTeams, setTeam } from './team-commands';
import { createToken, listTokens, revokeToken } from './token-commands';

/** Runs one admin command and returns its JSON result. */
export function runAdminCommand(
  deps: AdminDeps,
  command: AdminCommand,
): Promise<unknown> {
  switch (command.command) {
    case 'teams create':
      return createTeam(deps, command.name);
    case 'teams list':
      return listTeams(deps);
    case 'teams set':
      return setTeam(deps, command.team, command);
    case 'tokens create':
      return createToken(deps, command.team, command.name);
    case 'tokens list':
      return listTokens(deps, command.team, command.unusedDays);
    case 'tokens revoke':
      return revokeToken(deps, command.team, command.id);
    case 'audit':
      return listAudit(deps, command.team, command);
  }
}
