import { randomBytes } from 'node:crypto';

import { setTeam } from '../../lambdas/admin/team-commands';
import { generateToken } from '../../lambdas/auth/token-format';
import { hashToken } from '../../lambdas/auth/token-hash';
import { AuditStore } from '../../lambdas/store/audit-store';
import { TEAM_NAME_LEASE_MS, TeamStore } from '../../lambdas/store/team-store';
import { TokenStore } from '../../lambdas/store/token-store';
import { StaticKeyProvider } from '../../lambdas/auth/key-provider';
import {
  crashAfterWrites,
  SimulatedCrash,
  startTestTable,
  type TestTable,
} from '../support/dynamo';

let table: TestTable;
let tokens: TokenStore;
let teams: TeamStore;
const key = randomBytes(32);

beforeAll(async () => {
  table = await startTestTable();
  tokens = new TokenStore(table.client(), table.tableName);
  teams = new TeamStore(table.client(), table.tableName);
});

afterAll(async () => {
  await table.close();
});

/** Stores whose client crashes after `writes` writes, as if the function died there. */
function crashing(writes: number) {
  const client = table.client();
  crashAfterWrites(client, writes);
  return {
    tokens: new TokenStore(client, table.tableName),
    teams: new TeamStore(client, table.tableName),
    audit: new AuditStore(client, table.tableName),
  };
}

describe('token create and revoke, stopped between their writes', () => {
  it('leaves no working token when a create stops after the listing item', async () => {
    const teamId = `team-${randomBytes(4).toString('hex')}`;
    const hash = hashToken(generateToken(), key);

    await expect(crashing(1).tokens.create(teamId, 'okta', hash)).rejects.toThrow(
      SimulatedCrash,
    );

    expect(await tokens.findByHash(hash)).toBeUndefined();
    expect(await tokens.listByTeam(teamId)).toEqual([]);
  });

  it('refuses the token and hides it when a revoke stops after the token item', async () => {
    const teamId = `team-${randomBytes(4).toString('hex')}`;
    const hash = hashToken(generateToken(), key);
    const record = await tokens.create(teamId, 'okta', hash);

    await expect(crashing(1).tokens.revoke(teamId, record.tokenId)).rejects.toThrow(
      SimulatedCrash,
    );

    expect(await tokens.findByHash(hash)).toBeUndefined();
    expect(await tokens.listByTeam(teamId)).toEqual([]);
    expect(await tokens.revoke(teamId, record.tokenId)).toMatchObject({
      tokenId: record.tokenId,
    });
  });

  it('revokes only a token of the team named', async () => {
    const hash = hashToken(generateToken(), key);
    const record = await tokens.create('team-owner', 'okta', hash);

    const other = await tokens.revoke('team-other', record.tokenId);

    expect(other).toBeUndefined();
    expect(await tokens.findByHash(hash)).toBeDefined();
  });
});

describe('team create and set, stopped between their writes', () => {
  it.each([1, 2])(
    'lists no half-made team when a create stops after %i write(s)',
    async (writes) => {
      const name = `half-${writes}-${randomBytes(4).toString('hex')}`;

      await expect(crashing(writes).teams.create(name)).rejects.toThrow(SimulatedCrash);

      const listed = await teams.list();
      expect(listed.map((team) => team.name)).not.toContain(name);
    },
  );

  it.each([1, 2])(
    'frees the name of a create stopped after %i write(s) once its lease is over',
    async (writes) => {
      const name = `stuck-${writes}-${randomBytes(4).toString('hex')}`;
      const start = new Date();
      await expect(crashing(writes).teams.create(name, start)).rejects.toThrow(
        SimulatedCrash,
      );

      const during = await teams.create(name, new Date(start.getTime() + 1_000));
      const after = await teams.create(
        name,
        new Date(start.getTime() + TEAM_NAME_LEASE_MS + 1),
      );

      expect(during).toBeUndefined();
      expect(after).toMatchObject({ name });
      expect(await teams.findByName(name)).toEqual(after);
      expect((await teams.list()).filter((team) => team.name === name)).toEqual([after]);
    },
  );

  it('keeps the name of a team that exists', async () => {
    const name = `kept-${randomBytes(4).toString('hex')}`;
    const first = await teams.create(
      name,
      new Date(Date.now() - 10 * TEAM_NAME_LEASE_MS),
    );

    const second = await teams.create(name.toUpperCase());

    expect(first).toBeDefined();
    expect(second).toBeUndefined();
  });

  it('converges when teams set stops after the team item and is run again', async () => {
    const team = await teams.create(`switch-${randomBytes(4).toString('hex')}`);
    if (!team) throw new Error('team not created');
    const hashes = [generateToken(), generateToken()].map((t) => hashToken(t, key));
    for (const hash of hashes) await tokens.create(team.id, 'idp', hash);
    const deps = { keys: new StaticKeyProvider(key.toString('base64')) };

    await expect(
      setTeam({ ...crashing(2), ...deps }, team.id, { scim: 'off' }),
    ).rejects.toThrow(SimulatedCrash);
    const halfway = await Promise.all(hashes.map((hash) => tokens.findByHash(hash)));
    const audit = new AuditStore(table.client(), table.tableName);
    await setTeam({ tokens, teams, audit, ...deps }, team.id, { scim: 'off' });
    const after = await Promise.all(hashes.map((hash) => tokens.findByHash(hash)));

    expect(halfway.map((record) => record?.scimEnabled).sort()).toEqual([false, true]);
    expect(after.map((record) => record?.scimEnabled)).toEqual([false, false]);
    expect((await teams.get(team.id))?.scimEnabled).toBe(false);
  });
});
