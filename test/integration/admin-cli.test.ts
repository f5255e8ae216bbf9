import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { execFile } from 'node:child_process';
import path from 'node:path';

import { main } from '../../bin/admin';
import { SCIM_SWITCHED_OFF_REASON } from '../../lambdas/auth/authorize';
import { startLocalService, type LocalService } from '../../local/local-service';
import { userBody } from '../support/local-server';

let service: LocalService;
let endpoint: string;
const gatewayLogs: string[] = [];
const functionLogs: string[] = [];
const outputs: string[] = [];
const issuedTokens: string[] = [];
let stdout: jest.SpyInstance;

beforeAll(async () => {
  // The functions' logger writes JSON lines to stdout; keep them to check.
  const write = process.stdout.write.bind(process.stdout);
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    if (typeof chunk === 'string' && chunk.startsWith('{')) {
      functionLogs.push(chunk);
      return true;
    }
    return write(chunk, ...(rest as []));
  });
  service = await startLocalService({
    port: 0,
    memory: true,
    log: (line) => gatewayLogs.push(line),
  });
  endpoint = `http://127.0.0.1:${service.port}`;
});

afterAll(async () => {
  await service.close();
  stdout.mockRestore();
});

/** Runs the CLI against the local server, as `npm run admin -- --endpoint URL ...`. */
async function admin(
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--endpoint', endpoint, ...argv], {
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
  });
  outputs.push(out, err);
  return { code, out, err };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
async function adminJson(...argv: string[]): Promise<any> {
  const result = await admin(...argv, '--json');
  expect(result).toMatchObject({ code: 0, err: '' });
  return JSON.parse(result.out);
}

async function createToken(
  team: string,
  name: string,
): Promise<{ id: string; token: string; createdAt: string }> {
  const created = await adminJson('tokens', 'create', '--team', team, '--name', name);
  issuedTokens.push(created.token);
  return created;
}

async function scim(token: string, method = 'GET', path = '/Users', body?: unknown) {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/scim+json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  outputs.push(text);
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe('admin CLI against the local server', () => {
  it('creates a team, refuses a second team of that name, and lists both', async () => {
    const team = await adminJson('teams', 'create', '--name', 'acme');
    const again = await admin('teams', 'create', '--name', 'ACME');
    const teams = await adminJson('teams', 'list');
    const table = await admin('teams', 'list');

    expect(team).toMatchObject({
      name: 'acme',
      defaultRole: 'readonly',
      scimEnabled: true,
    });
    expect(again.code).toBe(1);
    expect(again.err).toBe('admin: A team named "ACME" exists already\n');
    expect(teams.map((t: { name: string }) => t.name)).toEqual(['default', 'acme']);
    expect(table.out.split('\n')[0]).toMatch(
      /^ID\s+NAME\s+DEFAULT ROLE\s+SCIM\s+CREATED$/,
    );
  });

  it('issues a token that works, and shows its last use', async () => {
    const created = await createToken('acme', 'okta');
    const before = await adminJson('tokens', 'list', '--team', 'acme');

    const response = await scim(created.token);
    const after = await adminJson('tokens', 'list', '--team', 'acme');

    expect(created).toMatchObject({ name: 'okta', teamName: 'acme' });
    expect(created.token).toMatch(/^sscim_/);
    expect(before).toEqual([
      { id: created.id, name: 'okta', createdAt: created.createdAt, lastUsedAt: null },
    ]);
    expect(response.status).toBe(200);
    expect(after[0].lastUsedAt).toEqual(expect.any(String));
    expect(Date.parse(after[0].lastUsedAt)).toBeGreaterThanOrEqual(
      Date.parse(created.createdAt),
    );
  });

  it('rotates: old and new tokens both work until the old one is revoked', async () => {
    const old = await createToken('acme', 'rotate-old');
    const fresh = await createToken('acme', 'rotate-new');
    expect((await scim(old.token)).status).toBe(200);
    expect((await scim(fresh.token)).status).toBe(200);

    const revoked = await admin('tokens', 'revoke', '--team', 'acme', '--id', old.id);
    const refused = await scim(old.token);
    const kept = await scim(fresh.token);
    const listed = await adminJson('tokens', 'list', '--team', 'acme');

    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`Revoked token "rotate-old" (id ${old.id})`);
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ status: '401' });
    expect(kept.status).toBe(200);
    expect(listed.map((t: { id: string }) => t.id)).not.toContain(old.id);
    expect(listed.map((t: { id: string }) => t.id)).toContain(fresh.id);
  });

  it('refuses a switched-off team with a SCIM 403 that says so, and restores it', async () => {
    const { token } = await createToken('acme', 'switch');

    const off = await adminJson('teams', 'set', '--team', 'acme', '--scim', 'off');
    const refused = await scim(token);
    const on = await adminJson('teams', 'set', '--team', 'acme', '--scim', 'on');
    const restored = await scim(token);

    expect(off).toMatchObject({ scimEnabled: false, tokensUpdated: expect.any(Number) });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '403',
      detail: SCIM_SWITCHED_OFF_REASON,
    });
    expect(on).toMatchObject({ scimEnabled: true });
    expect(restored.status).toBe(200);
  });

  it('refuses a token issued while SCIM is off until it is switched on', async () => {
    await adminJson('teams', 'set', '--team', 'acme', '--scim', 'off');
    const { token } = await createToken('acme', 'issued-while-off');

    const refused = await scim(token);
    await adminJson('teams', 'set', '--team', 'acme', '--scim', 'on');
    const allowed = await scim(token);

    expect(refused.status).toBe(403);
    expect(allowed.status).toBe(200);
  });

  it('changes the default role, which new users without groups then get', async () => {
    const { token } = await createToken('acme', 'roles');

    const set = await adminJson(
      'teams',
      'set',
      '--team',
      'acme',
      '--default-role',
      'user',
    );
    const created = await scim(token, 'POST', '/Users', userBody());

    expect(set).toMatchObject({ defaultRole: 'user', scimEnabled: true });
    expect(created.status).toBe(201);
    expect(created.json.roles).toEqual([{ value: 'user', primary: true }]);
  });

  it('lists tokens unused for N days', async () => {
    const none = await adminJson(
      'tokens',
      'list',
      '--team',
      'acme',
      '--unused-days',
      '1',
    );
    const all = await adminJson('tokens', 'list', '--team', 'acme');
    const zero = await adminJson(
      'tokens',
      'list',
      '--team',
      'acme',
      '--unused-days',
      '0',
    );

    expect(none).toEqual([]);
    expect(zero).toHaveLength(all.length);
  });

  it('keeps an audit trail, newest first, of token, team, user and membership changes', async () => {
    const { id: tokenId, token } = await createToken('acme', 'audited');
    const user = await scim(token, 'POST', '/Users', userBody());
    const joined = await scim(token, 'PATCH', '/Groups/admin', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: user.json.id }] }],
    });
    await scim(token, 'DELETE', `/Users/${user.json.id}`);
    // Creates and memberships are audited by the change feed, a moment later.
    await service.settle();

    const entries = await adminJson('audit', '--team', 'acme');
    const recent = await adminJson('audit', '--team', 'acme', '--since', '1m');
    const future = await adminJson('audit', '--team', 'acme', '--since', '2999-01-01');
    const table = await admin('audit', '--team', 'acme');

    const times = entries.map((e: { at: string }) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(joined.status).toBe(204);
    expect(entries.slice(0, 4)).toEqual([
      {
        at: expect.any(String),
        actor: { type: 'token', tokenId, tokenName: 'audited' },
        operation: 'delete',
        resourceType: 'User',
        resourceId: user.json.id,
      },
      {
        at: expect.any(String),
        actor: { type: 'token', tokenId, tokenName: 'audited' },
        operation: 'addMember',
        resourceType: 'Group',
        resourceId: 'admin',
        memberId: user.json.id,
      },
      {
        at: expect.any(String),
        actor: { type: 'token', tokenId, tokenName: 'audited' },
        operation: 'create',
        resourceType: 'User',
        resourceId: user.json.id,
      },
      {
        at: expect.any(String),
        actor: { type: 'admin' },
        operation: 'create',
        resourceType: 'Token',
        resourceId: tokenId,
      },
    ]);
    expect(entries).toContainEqual(
      expect.objectContaining({ operation: 'revoke', resourceType: 'Token' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ operation: 'update', resourceType: 'Team' }),
    );
    expect(recent.length).toBeGreaterThanOrEqual(4);
    expect(future).toEqual([]);
    expect(table.out).toContain(`token audited (${tokenId})`);
    expect(table.out).toMatch(new RegExp(`addMember +Group +admin +${user.json.id}`));
  });

  it('gives audit entries an expiry about 400 days ahead', async () => {
    const items = await scanTable();
    const audit = items.filter((item) => String(item.pk).endsWith('#AUDIT'));
    const now = Date.now() / 1000;

    expect(audit.length).toBeGreaterThan(0);
    for (const item of audit) {
      expect(item.expiresAt).toBeGreaterThan(now + 399 * 86_400);
      expect(item.expiresAt).toBeLessThan(now + 401 * 86_400);
    }
  });

  it('answers a team by its id as well as its name', async () => {
    const [, acme] = await adminJson('teams', 'list');

    const tokens = await adminJson('tokens', 'list', '--team', acme.id);

    expect(tokens.length).toBeGreaterThan(0);
  });

  it.each([
    [['teams', 'set', '--team', 'acme'], 'teams set needs --default-role or --scim'],
    [['teams', 'set', '--team', 'acme', '--scim', 'maybe'], '--scim must be on or off'],
    [
      ['teams', 'set', '--team', 'acme', '--default-role', 'root'],
      '--default-role must be',
    ],
    [['tokens', 'create', '--team', 'acme'], '--name is required'],
    [['tokens', 'revoke', '--team', 'acme', '--id', 'x'], 'has no token with id "x"'],
    [['tokens', 'list', '--team', 'nobody'], 'No team has the id or name "nobody"'],
    [['audit', '--team', 'acme', '--since', 'yesterday'], '--since must be'],
    [
      ['tokens', 'list', '--team', 'acme', '--unused-days', 'soon'],
      '--unused-days must be',
    ],
    [
      ['tokens', 'list', '--team', 'acme', '--unused-days', '-3'],
      "'--unused-days' argument",
    ],
    [['teams', 'delete'], 'Unknown command "teams delete"'],
  ])('exits 1 with a one-line reason for %j', async (argv, reason) => {
    const result = await admin(...argv);

    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain(reason);
    expect(result.err.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 naming the endpoint when no server answers there', async () => {
    let err = '';
    const code = await main(['--endpoint', 'http://127.0.0.1:1', 'teams', 'list'], {
      out: () => undefined,
      err: (text) => (err += text),
    });

    expect(code).toBe(1);
    expect(err).toMatch(
      /^admin: cannot invoke the local server at http:\/\/127\.0\.0\.1:1: /,
    );
    expect(err).toContain('is npm start running there?');
  });

  it('runs as npm run admin does: JSON on stdout, exit 0; one line on stderr, exit 1', async () => {
    const ok = await spawnAdmin(['--endpoint', endpoint, 'teams', 'list', '--json']);
    const failed = await spawnAdmin([
      '--endpoint',
      endpoint,
      'tokens',
      'list',
      '--team',
      'nobody',
    ]);

    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).map((t: { name: string }) => t.name)).toContain('acme');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe(
      'admin: No team has the id or name "nobody"; see teams list\n',
    );
  });

  it('keeps the admin function off the SCIM routes', async () => {
    const [token] = issuedTokens;
    const throughScim = await scim(token ?? '', 'POST', '/admin', {
      command: 'teams list',
    });
    const wrongMethod = await fetch(`${endpoint}/2015-03-31/functions/admin/invocations`);
    const otherFunction = await fetch(
      `${endpoint}/2015-03-31/functions/users/invocations`,
      {
        method: 'POST',
        body: '{}',
      },
    );

    expect(throughScim.status).toBe(404);
    expect(wrongMethod.status).toBe(404);
    expect(otherFunction.status).toBe(404);
    expect(otherFunction.headers.get('x-amzn-errortype')).toBe(
      'ResourceNotFoundException',
    );
  });

  it('never shows a token in the store, a log line or any answer after its creation', async () => {
    const items = JSON.stringify(await scanTable());
    const logs = [...gatewayLogs, ...functionLogs].join('\n');
    // Every answer after creation: `tokens create` outputs are the one exception.
    const later = outputs.filter((text) => !text.includes('"token": "sscim_')).join('\n');

    expect(issuedTokens.length).toBeGreaterThan(5);
    expect(functionLogs.length).toBeGreaterThan(0);
    for (const token of issuedTokens) {
      expect(items).not.toContain(token);
      expect(logs).not.toContain(token);
      expect(later).not.toContain(token);
    }
    expect(items).not.toContain('sscim_');
    expect(logs).not.toContain('sscim_');
  });
});

/** Runs bin/admin.ts in a child process, as `npm run admin --` does. */
function spawnAdmin(
  argv: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'),
      [path.join(__dirname, '..', '..', 'bin', 'admin.ts'), ...argv],
      { timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

async function scanTable(): Promise<Record<string, unknown>[]> {
  // A scan is for this test only: it reads every item to look for secrets.
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await service.services.db.send(
      new ScanCommand({
        TableName: service.services.config.tableName,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
