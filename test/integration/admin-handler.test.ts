import { createTokenForTeam } from '../../lambdas/admin/token-commands';
import { handler } from '../../lambdas/handlers/admin';
import { authorize } from '../../lambdas/auth/authorize';
import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;
const logLines: string[] = [];
let stdout: jest.SpyInstance;

beforeAll(async () => {
  server = await startTestServer();
  const write = process.stdout.write.bind(process.stdout);
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    if (typeof chunk === 'string' && chunk.startsWith('{')) {
      logLines.push(chunk);
      return true;
    }
    return write(chunk, ...(rest as []));
  });
});

afterAll(async () => {
  stdout.mockRestore();
  await server.service.close();
});

describe('admin handler', () => {
  it.each([
    ['null', null],
    ['an array', [{ command: 'teams list' }]],
    ['a string', 'teams list'],
    ['no command', { name: 'acme' }],
    ['a number for a name', { command: 'teams create', name: 42 }],
  ])('answers a structured invalidCommand error for %s', async (_label, payload) => {
    const response = await handler(payload);

    expect(response).toEqual({
      ok: false,
      error: { code: 'invalidCommand', message: expect.any(String) },
    });
  });

  it('answers a generic internal error, and logs the cause, when a store fails', async () => {
    const { teams } = server.service.services;
    const failing = jest
      .spyOn(teams, 'list')
      .mockRejectedValue(new Error('socket hang up at 10.0.0.7'));

    const response = await handler({ command: 'teams list' }, { awsRequestId: 'req-1' });
    failing.mockRestore();

    expect(response).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message:
          "The admin command failed unexpectedly; see the admin function's log (request req-1)",
      },
    });
    expect(JSON.stringify(response)).not.toContain('socket hang up');
    const logged = logLines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.requestId === 'req-1');
    expect(logged).toMatchObject({
      level: 'error',
      message: 'admin command failed',
      command: 'teams list',
      errorMessage: 'socket hang up at 10.0.0.7',
    });
  });

  it('refuses a team name that looks like a team id', async () => {
    const response = await handler({
      command: 'teams create',
      name: '01a23c1b-683b-7f90-a195-d8f9f1c34a58',
    });

    expect(response).toMatchObject({ ok: false, error: { code: 'invalidCommand' } });
  });
});

describe('recordAudit', () => {
  it('keeps a user delete that succeeded when the audit write fails, and logs it', async () => {
    const { audit } = server.service.services;
    const created = await server.request('POST', '/Users', { body: userBody() });
    const failing = jest
      .spyOn(audit, 'record')
      .mockRejectedValue(
        Object.assign(new Error('throttled'), { name: 'ThrottlingException' }),
      );

    const response = await server.request('DELETE', `/Users/${created.json.id}`);
    failing.mockRestore();

    expect(response.status).toBe(204);
    expect((await server.request('GET', `/Users/${created.json.id}`)).status).toBe(404);
    const logged = logLines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.message === 'audit write failed');
    expect(logged).toMatchObject({
      level: 'error',
      operation: 'delete',
      resourceType: 'User',
      resourceId: created.json.id,
      errorName: 'ThrottlingException',
    });
  });
});

describe('createTokenForTeam', () => {
  it('gives a token the settings of a teams set that ran while it was being issued', async () => {
    const services = { ...server.service.services, keys: server.service.keys };
    const created = await handler({ command: 'teams create', name: 'racing' });
    const stale = (created as { result: { id: string } }).result;
    const team = await services.teams.get(stale.id);
    if (!team) throw new Error('team missing');
    // teams set ran after the team was read and listed no token yet.
    await handler({
      command: 'teams set',
      team: 'racing',
      scim: 'off',
      defaultRole: 'admin',
    });

    const issued = await createTokenForTeam(services, team, 'late');
    const result = await authorize(`Bearer ${issued.token}`, services);

    expect(team.scimEnabled).toBe(true);
    expect(result).toMatchObject({ allowed: false, forbidden: { tokenId: issued.id } });
  });
});
