import { parseAdminCommand } from '../admin/admin-command';
import { AdminError } from '../admin/admin-error';
import type { AdminResponse } from '../admin/admin-response';
import { runAdminCommand } from '../admin/run-admin-command';
import { getKeyProvider } from '../runtime/key-provider';
import { getServices } from '../runtime/services';

/**
 * The admin Lambda: invoked directly (Lambda Invoke with IAM credentials,
 * no API route) with one command document, such as
 * `{"command": "tokens create", "team": "acme", "name": "okta"}`. It
 * always answers a result or a structured error, never a stack trace.
 */
export async function handler(
  event: unknown,
  context?: { readonly awsRequestId?: string },
): Promise<AdminResponse> {
  const services = getServices();
  const requestId = context?.awsRequestId;
  const name = commandName(event);

  try {
    const result = await runAdminCommand(
      { ...services, keys: getKeyProvider() },
      parseAdminCommand(event),
    );
    services.logger.info('admin command', { requestId, command: name, status: 'ok' });
    return { ok: true, result };
  } catch (error) {
    if (error instanceof AdminError) {
      services.logger.info('admin command refused', {
        requestId,
        command: name,
        status: error.code,
      });
      return { ok: false, error: { code: error.code, message: error.message } };
    }

    services.logger.error('admin command failed', {
      requestId,
      command: name,
      errorName: error instanceof Error ? error.name : typeof error,
      errorMessage: error instanceof Error ? error.message : undefined,
      stack: error instanceof Error ? error.stack : undefined,
    });
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `The admin command failed unexpectedly; see the admin function's log${requestId ? ` (request ${requestId})` : ''}`,
      },
    };
  }
}

/** The command's name for the log, if it is one we know (never other input). */
function commandName(event: unknown): string | undefined {
  const command = (event as { command?: unknown } | null)?.command;
  return typeof command === 'string' && /^[a-z ]{1,20}$/.test(command)
    ? command
    : undefined;
}
