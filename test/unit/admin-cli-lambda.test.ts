import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';

import { main } from '../../bin/admin';

const lambda = mockClient(LambdaClient);

beforeEach(() => lambda.reset());

function payload(value: unknown) {
  // The SDK returns the payload as bytes; a Uint8Array is what the CLI reads.
  return new Uint8Array(Buffer.from(JSON.stringify(value))) as never;
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
  });
  return { code, out, err };
}

describe('admin CLI with --function', () => {
  it('invokes the named function in the given region with the command document', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: payload({ ok: true, result: [{ id: 't1', name: 'acme' }] }),
    });

    const result = await run([
      '--function',
      'scim-admin',
      '--region',
      'eu-west-1',
      'tokens',
      'list',
      '--team',
      'acme',
      '--unused-days',
      '30',
      '--json',
    ]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual([{ id: 't1', name: 'acme' }]);
    const call = lambda.commandCalls(InvokeCommand)[0];
    expect(call?.args[0].input.FunctionName).toBe('scim-admin');
    expect(call?.args[0].input.InvocationType).toBe('RequestResponse');
    expect(
      JSON.parse(Buffer.from(call?.args[0].input.Payload as Uint8Array).toString()),
    ).toEqual({
      command: 'tokens list',
      team: 'acme',
      unusedDays: '30',
    });
    const client = call?.thisValue as LambdaClient;
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it('prints the admin error on one line and exits 1', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      Payload: payload({
        ok: false,
        error: { code: 'notFound', message: 'No team has the id or name "x"' },
      }),
    });

    const result = await run(['--function', 'scim-admin', 'teams', 'set', '--team', 'x']);

    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toBe('admin: No team has the id or name "x"\n');
  });

  it('reports an unhandled function error from its payload', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload({ errorType: 'Error', errorMessage: 'Task timed out' }),
    });

    const result = await run(['--function', 'scim-admin', 'teams', 'list']);

    expect(result.code).toBe(1);
    expect(result.err).toBe('admin: function scim-admin failed: Task timed out\n');
  });

  it('reports a refused invocation, such as missing IAM permission, on one line', async () => {
    lambda.on(InvokeCommand).rejects(
      Object.assign(
        new Error('User is not authorized to perform: lambda:InvokeFunction'),
        {
          name: 'AccessDeniedException',
        },
      ),
    );

    const result = await run(['--function', 'scim-admin', 'teams', 'list']);

    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'admin: cannot invoke function scim-admin: User is not authorized to perform: lambda:InvokeFunction\n',
    );
  });

  it.each([
    [['--function', 'f', '--endpoint', 'http://127.0.0.1:1', 'teams', 'list'], /exclude/],
    [['--region', 'eu-west-1', 'teams', 'list'], /--region applies to --function only/],
    [['--endpoint', 'ftp://127.0.0.1', 'teams', 'list'], /http or https/],
    [['teams', 'list', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j before invoking anything', async (argv, message) => {
    const result = await run(argv);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
