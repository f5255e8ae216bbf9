import type { Role } from '../store/team-store';
import { invalidCommand } from './admin-error';

/**
 * One admin command, as the CLI sends it to the admin Lambda: the
 * command's words (`teams create`) and its options in camelCase.
 */
export type AdminCommand =
  | { readonly command: 'teams create'; readonly name: string }
  | { readonly command: 'teams list' }
  | {
      readonly command: 'teams set';
      readonly team: string;
      readonly defaultRole?: Role;
      readonly scim?: 'on' | 'off';
    }
  | { readonly command: 'tokens create'; readonly team: string; readonly name: string }
  | {
      readonly command: 'tokens list';
      readonly team: string;
      readonly unusedDays?: number;
    }
  | { readonly command: 'tokens revoke'; readonly team: string; readonly id: string }
  | {
      readonly command: 'audit';
      readonly team: string;
      readonly since?: string;
      readonly limit?: number;
    };

/** The command names, as the CLI and the admin Lambda accept them. */
export const ADMIN_COMMANDS: readonly AdminCommand['command'][] = [
  'teams create',
  'teams list',
  'teams set',
  'tokens create',
  'tokens list',
  'tokens revoke',
  'audit',
];

const ROLES: readonly Role[] = ['readonly', 'user', 'admin'];
const MAX_NAME_LENGTH = 100;

/** Checks an invocation payload and returns it as a typed command; throws saying what is wrong. */
export function parseAdminCommand(payload: unknown): AdminCommand {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw invalidCommand('The admin payload must be a JSON object with a "command"');
  }
  const input = payload as Record<string, unknown>;
  const command = input.command;

  switch (command) {
    case 'teams create':
      return { command, name: name(input, 'name') };
    case 'teams list':
      return { command };
    case 'teams set': {
      const defaultRole = optionalString(input, 'defaultRole');
      if (defaultRole !== undefined && !ROLES.includes(defaultRole as Role)) {
        throw invalidCommand(
          `--default-role must be readonly, user or admin, got ${JSON.stringify(defaultRole)}`,
        );
      }
      const scim = optionalString(input, 'scim');
      if (scim !== undefined && scim !== 'on' && scim !== 'off') {
        throw invalidCommand(`--scim must be on or off, got ${JSON.stringify(scim)}`);
      }
      if (defaultRole === undefined && scim === undefined) {
        throw invalidCommand('teams set needs --default-role or --scim (or both)');
      }
      return {
        command,
        team: required(input, 'team'),
        ...(defaultRole !== undefined ? { defaultRole: defaultRole as Role } : {}),
        ...(scim !== undefined ? { scim } : {}),
      };
    }
    case 'tokens create':
      return { command, team: required(input, 'team'), name: name(input, 'name') };
    case 'tokens list': {
      const unusedDays = optionalCount(input, 'unusedDays', '--unused-days');
      return {
        command,
        team: required(input, 'team'),
        ...(unusedDays !== undefined ? { unusedDays } : {}),
      };
    }
    case 'tokens revoke':
      return { command, team: required(input, 'team'), id: required(input, 'id') };
    case 'audit': {
      const since = optionalString(input, 'since');
      const limit = optionalCount(input, 'limit', '--limit');
      return {
        command,
        team: required(input, 'team'),
        ...(since !== undefined ? { since } : {}),
        ...(limit !== undefined ? { limit } : {}),
      };
    }
    default:
      throw invalidCommand(
        `Unknown command ${JSON.stringify(command)}; use one of: ${ADMIN_COMMANDS.join(', ')}`,
      );
  }
}

function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw invalidCommand(`"${key}" must be a string, got ${typeof value}`);
  }
  return value;
}

function required(input: Record<string, unknown>, key: string): string {
  const value = optionalString(input, key)?.trim();
  if (!value) throw invalidCommand(`--${key} is required`);
  return value;
}

/** A team or token name: printable, at most 100 characters. */
function name(input: Record<string, unknown>, key: string): string {
  const value = required(input, key);
  if (value.length > MAX_NAME_LENGTH || /\p{Cc}/u.test(value)) {
    throw invalidCommand(
      `--${key} must be 1 to ${MAX_NAME_LENGTH} printable characters, got ${value.length} characters`,
    );
  }
  return value;
}

function optionalCount(
  input: Record<string, unknown>,
  key: string,
  flag: string,
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw invalidCommand(
      `${flag} must be a whole number of 0 or more, got ${String(value)}`,
    );
  }
  return count;
}
