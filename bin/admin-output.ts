/** Renders rows as a plain text table with a header line; empty cells show as `-`. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '-').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (cell || '-').padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

type Row = Record<string, unknown>;

const text = (value: unknown) =>
  value === undefined || value === null ? '' : String(value);

/** The human-readable form of an admin command's result. */
export function formatResult(command: string, result: unknown): string {
  switch (command) {
    case 'teams create':
    case 'teams set': {
      const team = result as Row;
      const lines = [teamsTable([team])];
      if (typeof team.tokensUpdated === 'number') {
        lines.push(`${team.tokensUpdated} token(s) now carry the new settings`);
      }
      return lines.join('\n');
    }
    case 'teams list':
      return teamsTable(result as Row[]);
    case 'tokens create': {
      const token = result as Row;
      return [
        `Token "${text(token.name)}" (id ${text(token.id)}) for team ${text(token.teamName)}, created ${text(token.createdAt)}.`,
        'Copy it now: it is shown this once and cannot be read again.',
        '',
        text(token.token),
      ].join('\n');
    }
    case 'tokens list':
      return table(
        ['ID', 'NAME', 'CREATED', 'LAST USED'],
        (result as Row[]).map((token) => [
          text(token.id),
          text(token.name),
          text(token.createdAt),
          token.lastUsedAt ? text(token.lastUsedAt) : 'never',
        ]),
      );
    case 'tokens revoke': {
      const token = result as Row;
      return `Revoked token "${text(token.name)}" (id ${text(token.id)}); it is refused from the next request on.`;
    }
    case 'audit':
      return table(
        ['TIME', 'WHO', 'OPERATION', 'RESOURCE', 'ID', 'MEMBER'],
        (result as Row[]).map((entry) => [
          text(entry.at),
          who(entry.actor as Row | undefined),
          text(entry.operation),
          text(entry.resourceType),
          text(entry.resourceId),
          entry.memberId === undefined ? '-' : text(entry.memberId),
        ]),
      );
    default:
      return JSON.stringify(result, null, 2);
  }
}

function teamsTable(teams: readonly Row[]): string {
  return table(
    ['ID', 'NAME', 'DEFAULT ROLE', 'SCIM', 'CREATED'],
    teams.map((team) => [
      text(team.id),
      text(team.name),
      text(team.defaultRole),
      team.scimEnabled === false ? 'off' : 'on',
      text(team.createdAt),
    ]),
  );
}

function who(actor: Row | undefined): string {
  if (actor?.type !== 'token') return 'admin';
  return `token ${text(actor.tokenName)} (${text(actor.tokenId)})`;
}
