import { randomBytes } from 'node:crypto';

import { authorize, SCIM_SWITCHED_OFF_REASON } from '../../lambdas/auth/authorize';
import { StaticKeyProvider } from '../../lambdas/auth/key-provider';
import { generateToken, TOKEN_PREFIX } from '../../lambdas/auth/token-format';
import { hashToken } from '../../lambdas/auth/token-hash';
import { TokenStore } from '../../lambdas/store/token-store';
import { countCommands, startTestTable, type TestTable } from '../support/dynamo';

let table: TestTable;
let tokens: TokenStore;
let counts: Map<string, number>;
const keys = new StaticKeyProvider(randomBytes(32).toString('base64'));

beforeAll(async () => {
  table = await startTestTable();
  const client = table.client();
  counts = countCommands(client);
  tokens = new TokenStore(client, table.tableName);
});

afterAll(async () => {
  await table.close();
});

beforeEach(() => counts.clear());

async function issue(
  options: { scimEnabled?: boolean; defaultRole?: 'user' } = {},
): Promise<{ token: string; tokenId: string; hash: string }> {
  const token = generateToken();
  const hash = hashToken(token, await keys.getKey());
  const record = await tokens.create('team-a', 'okta', hash, options);
  counts.clear();
  return { token, tokenId: record.tokenId, hash };
}

/** The token with its last checksum character changed (never to the same character). */
function withWrongChecksum(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
}

const total = () => [...counts.values()].reduce((sum, n) => sum + n, 0);

describe('authorize', () => {
  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${generateToken()}`],
    ['a foreign token', 'Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789ABCD'],
    ['a mistyped token', `Bearer ${TOKEN_PREFIX}${'A'.repeat(49)}`],
    ['a token with a wrong checksum', `Bearer ${withWrongChecksum(generateToken())}`],
  ])('refuses %s without any database read', async (_label, header) => {
    const result = await authorize(header, { keys, tokens });

    expect(result.allowed).toBe(false);
    expect(total()).toBe(0);
  });

  it('refuses a well-formed unknown token after exactly one read', async () => {
    const result = await authorize(`Bearer ${generateToken()}`, { keys, tokens });

    expect(result).toEqual({ allowed: false });
    expect(Object.fromEntries(counts)).toEqual({ GetItemCommand: 1 });
  });

  it('allows a known token with its team, token id, name and default role', async () => {
    const { token, tokenId } = await issue({ defaultRole: 'user' });

    const result = await authorize(`bearer ${token}`, { keys, tokens });

    expect(result).toEqual({
      allowed: true,
      teamId: 'team-a',
      tokenId,
      tokenName: 'okta',
      defaultRole: 'user',
    });
  });

  it('costs one read and no write on a second use within a minute', async () => {
    const { token } = await issue();
    await authorize(`Bearer ${token}`, { keys, tokens });
    expect(Object.fromEntries(counts)).toEqual({
      GetItemCommand: 1,
      UpdateItemCommand: 1,
    });
    counts.clear();

    const again = await authorize(`Bearer ${token}`, { keys, tokens });

    expect(again.allowed).toBe(true);
    expect(Object.fromEntries(counts)).toEqual({ GetItemCommand: 1 });
  });

  it('refuses a switched-off team token with the reason after one read', async () => {
    const { token, tokenId } = await issue({ scimEnabled: false });

    const result = await authorize(`Bearer ${token}`, { keys, tokens });

    expect(result).toEqual({
      allowed: false,
      forbidden: { teamId: 'team-a', tokenId, reason: SCIM_SWITCHED_OFF_REASON },
    });
    expect(Object.fromEntries(counts)).toEqual({ GetItemCommand: 1 });
  });

  it('refuses a revoked token on the very next request', async () => {
    const { token, tokenId } = await issue();
    expect((await authorize(`Bearer ${token}`, { keys, tokens })).allowed).toBe(true);

    await tokens.revoke('team-a', tokenId);

    expect(await authorize(`Bearer ${token}`, { keys, tokens })).toEqual({
      allowed: false,
    });
  });

  it('follows a settings copy written to the token item', async () => {
    const { token, hash } = await issue();

    await tokens.copyTeamSettingsTo(hash, { scimEnabled: false });
    const off = await authorize(`Bearer ${token}`, { keys, tokens });
    await tokens.copyTeamSettingsTo(hash, { scimEnabled: true });
    const on = await authorize(`Bearer ${token}`, { keys, tokens });

    expect(off.allowed).toBe(false);
    expect(on.allowed).toBe(true);
  });
});

describe('authorize during a key rotation', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const rotating = new StaticKeyProvider(newKey, 'test', oldKey);

  async function issueWith(base64Key: string): Promise<string> {
    const token = generateToken();
    await tokens.create(
      'team-r',
      'idp',
      hashToken(token, Buffer.from(base64Key, 'base64')),
    );
    counts.clear();
    return token;
  }

  it('accepts a token of the new key with one read', async () => {
    const token = await issueWith(newKey);

    const result = await authorize(`Bearer ${token}`, { keys: rotating, tokens });

    expect(result.allowed).toBe(true);
    expect(counts.get('GetItemCommand')).toBe(1);
  });

  it('accepts a token of the previous key with a second read', async () => {
    const token = await issueWith(oldKey);

    const result = await authorize(`Bearer ${token}`, { keys: rotating, tokens });

    expect(result.allowed).toBe(true);
    expect(counts.get('GetItemCommand')).toBe(2);
  });

  it('refuses a token of the previous key once that key is dropped', async () => {
    const token = await issueWith(oldKey);
    const rotated = new StaticKeyProvider(newKey);

    const result = await authorize(`Bearer ${token}`, { keys: rotated, tokens });

    expect(result.allowed).toBe(false);
  });
});

describe('SCIM_SWITCHED_OFF_REASON', () => {
  it('holds no character that would break the JSON gateway response template', () => {
    expect(SCIM_SWITCHED_OFF_REASON).toMatch(/^[^"\\\n$#]+$/);
  });
});
