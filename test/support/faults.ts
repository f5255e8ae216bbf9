import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Which failure to inject into a DynamoDB call. */
export type Fault = 'throttle' | 'connection-reset' | 'timeout';

/** Decides, per attempt, whether to inject a fault; returns undefined to let the call through. */
export type FaultPlan = (call: {
  command: string;
  input: Record<string, unknown>;
}) => Fault | undefined;

function faultError(fault: Fault): Error {
  switch (fault) {
    case 'throttle': {
      const error = new Error('Rate of requests exceeds the allowed throughput.');
      error.name = 'ProvisionedThroughputExceededException';
      Object.assign(error, { $metadata: { httpStatusCode: 400 }, $fault: 'client' });
      return error;
    }
    case 'connection-reset':
      return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    case 'timeout': {
      const error = new Error('Connection timed out after 1000 ms');
      error.name = 'TimeoutError';
      return error;
    }
  }
}

/**
 * Injects faults below the SDK's retry logic (every attempt passes through
 * it), as a throttled, flaky or unreachable table would. Returns a switch
 * to stop injecting and the number of faults injected.
 */
export function injectFaults(client: DynamoDBDocumentClient, plan: FaultPlan) {
  let active = true;
  let injected = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fault = active
        ? plan({
            command: context.commandName ?? '',
            input: args.input as Record<string, unknown>,
          })
        : undefined;
      if (fault) {
        injected += 1;
        throw faultError(fault);
      }
      return next(args);
    },
    { step: 'deserialize', name: 'injectFaults' },
  );

  return {
    stop: () => {
      active = false;
      client.middlewareStack.remove('injectFaults');
    },
    injected: () => injected,
  };
}

/** Whether a marshalled or plain item/key input touches a token item (the authorizer's reads). */
export function touchesToken(input: Record<string, unknown>): boolean {
  return JSON.stringify(input.Key ?? input.Item ?? {}).includes('TOKEN#');
}

/** Whether an input writes a user item (not a guard, token or team item). */
export function writesUserItem(command: string, input: Record<string, unknown>): boolean {
  return (
    /^Put(Item)?Command$/.test(command) &&
    JSON.stringify(input.Item ?? {}).includes('"USER#')
  );
}
