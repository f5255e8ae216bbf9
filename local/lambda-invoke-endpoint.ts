import type { IncomingMessage, ServerResponse } from 'node:http';

/** A function the local server lets callers invoke: takes the event, returns the result. */
export type InvokableFunction = (event: unknown) => Promise<unknown>;

/** A side door of the local server that speaks Lambda's Invoke API. */
export interface LocalInvokeEndpoint {
  /** Whether the request is a Lambda Invoke call (and so not a SCIM request). */
  handles(req: IncomingMessage): boolean;
  /** Answers the Invoke call; resolves to the HTTP status sent. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<number>;
}

/** Lambda's Invoke path: `POST /2015-03-31/functions/{FunctionName}/invocations`. */
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** Lambda refuses a synchronous request payload above 6 MB. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * Serves Lambda's Invoke API (request-response only) for the given
 * functions, so the admin CLI reaches the local server with the same
 * Lambda client it uses on AWS. It lives beside the SCIM routes, outside
 * the route table: no SCIM path reaches these functions, and the local
 * server listens on 127.0.0.1 only.
 */
export function createLocalInvokeEndpoint(
  functions: Readonly<Record<string, InvokableFunction>>,
): LocalInvokeEndpoint {
  return {
    handles: (req) =>
      req.method === 'POST' && INVOKE_PATH.test((req.url ?? '').split('?')[0] ?? ''),

    serve: async (req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const name = decodeURIComponent(INVOKE_PATH.exec(path)?.[1] ?? '');
      const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
      if (!fn) {
        return sendError(
          res,
          404,
          'ResourceNotFoundException',
          `Function not found: ${name}`,
        );
      }

      const body = await readPayload(req);
      if (body === 'too-large') {
        return sendError(
          res,
          413,
          'RequestTooLargeException',
          'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        );
      }

      let event: unknown;
      try {
        event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(
          res,
          400,
          'InvalidRequestContentException',
          'Could not parse request body into json',
        );
      }

      try {
        const result = await fn(event);
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'X-Amz-Executed-Version': '$LATEST',
        });
        res.end(JSON.stringify(result ?? null));
      } catch (error) {
        // Lambda reports a thrown error as a 200 with X-Amz-Function-Error.
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'X-Amz-Executed-Version': '$LATEST',
          'X-Amz-Function-Error': 'Unhandled',
        });
        res.end(
          JSON.stringify({
            errorType: error instanceof Error ? error.name : 'Error',
            errorMessage: error instanceof Error ? error.message : String(error),
          }),
        );
      }
      return 200;
    },
  };
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
): number {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'X-Amzn-ErrorType': type,
  });
  res.end(JSON.stringify({ Type: 'User', message }));
  return status;
}

function readPayload(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > MAX_PAYLOAD_BYTES ? 'too-large' : Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}
