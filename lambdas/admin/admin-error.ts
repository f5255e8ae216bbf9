/** What kind of failure an admin command met; the CLI prints it with the message. */
export type AdminErrorCode = 'invalidCommand' | 'notFound' | 'conflict' | 'internal';

/**
 * A failure the administrator may see: a code and a one-line message
 * saying what was wrong, the value given and what would be accepted.
 */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** An {@link AdminError} for input that does not fit the command. */
export const invalidCommand = (message: string) =>
  new AdminError('invalidCommand', message);
