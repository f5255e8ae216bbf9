import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { parseArgs } from 'node:util';

import type { AdminCommand } from '../lambdas/admin/admin-command';
import type { AdminResponse } from '../lambdas/admin/admin-response';
import { LOCAL_ADMIN_FUNCTION_NAME } from '../lib/admin-function';
import { formatResult } from './admin-output';

const USAGE = `Usage: npm run admin -- [--endpoint URL | --function NAME [--region R]] COMMAND [--json]

  teams create --name NAME
  teams list
  teams set --team TEAM [--default-role readonly|user|admin] [--scim on|off]
  tokens create --team TEAM --name NAME      (prints the token once)
  tokens list --team TEAM [--unused-days N]  (name, created, last used)
  tokens revoke --team TEAM --id TOKEN_ID
  audit --team TEAM [--since TIME] [--limit N]

  --endpoint URL   a local server started with npm start (default http://127.0.0.1:3000)
  --function NAME  the deployed admin Lambda (name or ARN), invoked with your AWS credentials
  --region R       its region (default: from your AWS configuration)
  --json           print one JSON document instead of a table
TEAM is a team's id or its unique name; TIME is ISO 8601 (2026-12-01T10:00:00Z) or an age (30m, 12h, 7d).`;

/** Where the local server listens unless --endpoint says otherwise. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:3000';

/** Where the CLI writes: standard output for results, standard error for failures. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** A failure the CLI reports on one line and exits non-zero for. */
class CliError extends Error {}

/**
 * Runs the admin CLI with the given arguments and returns its exit code.
 * Both targets go through the Lambda Invoke API: `--function` calls the
 * deployed admin Lambda, `--endpoint` the local server's Invoke path.
 */
export async function main(
  argv: readonly string[],
  output: CliOutput = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  },
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        endpoint: { type: 'string' },
        function: { type: 'string' },
        region: { type: 'string' },
        json: { type: 'boolean' },
        name: { type: 'string' },
        team: { type: 'string' },
        'default-role': { type: 'string' },
        scim: { type: 'string' },
        id: { type: 'string' },
        'unused-days': { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help || positionals.length === 0) {
      output.out(USAGE);
      return values.help ? 0 : 2;
    }

    const command = buildCommand(positionals, values);
    const target = resolveTarget(values);
    const result = await invoke(target, command);
    output.out(
      values.json
        ? JSON.stringify(result, null, 2)
        : formatResult(command.command, result),
    );
    return 0;
  } catch (error) {
    output.err(`admin: ${oneLine(error)}`);
    return 1;
  }
}

/** Where the admin function is reached, and how. */
export interface AdminTarget {
  readonly client: LambdaClient;
  readonly functionName: string;
  /** Said in error messages: the endpoint or function. */
  readonly description: string;
  /** Added to the message when the target cannot be reached. */
  readonly unreachableHint?: string;
}

function resolveTarget(values: {
  endpoint?: string;
  function?: string;
  region?: string;
}): AdminTarget {
  if (values.function !== undefined && values.endpoint !== undefined) {
    throw new CliError('--endpoint and --function exclude each other; give one');
  }
  if (values.function !== undefined) {
    if (!values.function.trim()) throw new CliError('--function needs a function name');
    return {
      client: new LambdaClient(values.region ? { region: values.region } : {}),
      functionName: values.function,
      description: `function ${values.function}`,
    };
  }
  if (values.region !== undefined) {
    throw new CliError('--region applies to --function only');
  }

  const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CliError(
      `--endpoint must be a URL such as ${DEFAULT_ENDPOINT}, got ${endpoint}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`--endpoint must be an http or https URL, got ${endpoint}`);
  }
  return {
    // The local server ignores credentials and signatures; fixed ones keep
    // the SDK from looking for real ones. One attempt: no retry storm.
    client: new LambdaClient({
      endpoint: url.origin,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    }),
    functionName: LOCAL_ADMIN_FUNCTION_NAME,
    description: `the local server at ${url.origin}`,
    unreachableHint: ' (is npm start running there?)',
  };
}

/** Sends one command to the admin function; returns its result or throws its error. */
export async function invoke(
  target: AdminTarget,
  command: AdminCommand,
): Promise<unknown> {
  let response;
  try {
    response = await target.client.send(
      new InvokeCommand({
        FunctionName: target.functionName,
        InvocationType: 'RequestResponse',
        Payload: Buffer.from(JSON.stringify(command)),
      }),
    );
  } catch (error) {
    throw new CliError(
      `cannot invoke ${target.description}: ${oneLine(error)}${target.unreachableHint ?? ''}`,
    );
  } finally {
    target.client.destroy();
  }

  const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    throw new CliError(`${target.description} answered something that is not JSON`);
  }

  if (response.FunctionError) {
    const message = (payload as { errorMessage?: unknown } | undefined)?.errorMessage;
    throw new CliError(
      `${target.description} failed: ${typeof message === 'string' ? message : response.FunctionError}`,
    );
  }
  const answer = payload as AdminResponse | undefined;
  if (!answer || typeof answer !== 'object' || typeof answer.ok !== 'boolean') {
    throw new CliError(`${target.description} did not answer like the admin function`);
  }
  if (!answer.ok) throw new CliError(answer.error.message);
  return answer.result;
}

/** Turns `tokens create --team T --name N` into the command document. */
function buildCommand(
  positionals: readonly string[],
  values: Record<string, string | boolean | undefined>,
): AdminCommand {
  const words = positionals.join(' ');
  const text = (key: string) =>
    typeof values[key] === 'string' ? (values[key] as string) : undefined;
  const options: Record<string, string | undefined> = {
    name: text('name'),
    team: text('team'),
    defaultRole: text('default-role'),
    scim: text('scim'),
    id: text('id'),
    unusedDays: text('unused-days'),
    since: text('since'),
    limit: text('limit'),
  };
  const present = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  );
  // The admin function validates the options; this only names the command.
  return { command: words, ...present } as unknown as AdminCommand;
}

function oneLine(error: unknown): string {
  // Not `instanceof Error`: errors from Node's internals may come from another realm.
  const message =
    typeof error === 'object' && error !== null && 'message' in error
      ? String(error.message)
      : String(error);
  return message.split('\n')[0]?.trim() || 'unknown error';
}

if (require.main === module) {
  // The SDK warns on every run under Node 20 about its own future support;
  // on a CLI whose failures are one line, that warning is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    () => process.exit(1),
  );
}
