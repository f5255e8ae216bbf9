import * as logs from 'aws-cdk-lib/aws-logs';

import type { ProvisionableFunction, ScimStackProps } from './scim-stack';

/** Reads one context value (`cdk -c key=value` gives strings, cdk.json may give any JSON). */
export type ContextReader = (key: string) => unknown;

/** The context keys the app reads, for documentation and error messages. */
export const CONTEXT_KEYS = [
  'stackName',
  'throttlingRateLimit',
  'throttlingBurstLimit',
  'logRetentionDays',
  'memorySize',
  'alarmEmail',
  'serverErrorRateThreshold',
  'domainName',
  'certificateArn',
  'wafRateLimit',
  'provisionedConcurrency',
] as const;

/**
 * Stack props from CDK context, checked early: a bad value stops synthesis
 * with a message naming the key, the value and what is accepted, instead
 * of surfacing as a failed CloudFormation deployment later.
 */
export function stackPropsFromContext(read: ContextReader): ScimStackProps {
  const domainName = text(read, 'domainName');
  const certificateArn = text(read, 'certificateArn');
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error(
      'Context domainName and certificateArn go together: give both for a custom domain, or neither',
    );
  }

  return {
    throttlingRateLimit: number(read, 'throttlingRateLimit'),
    throttlingBurstLimit: number(read, 'throttlingBurstLimit'),
    logRetention: retention(read, 'logRetentionDays'),
    memorySize: number(read, 'memorySize'),
    alarmEmail: text(read, 'alarmEmail'),
    serverErrorRateThreshold: number(read, 'serverErrorRateThreshold'),
    customDomain:
      domainName && certificateArn ? { domainName, certificateArn } : undefined,
    wafRateLimit: number(read, 'wafRateLimit'),
    provisionedConcurrency: concurrency(read, 'provisionedConcurrency'),
  };
}

function text(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new Error(`Context ${key} must be a string; got ${JSON.stringify(value)}`);
  }
  return value;
}

function number(read: ContextReader, key: string): number | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new Error(
      `Context ${key} must be a positive number; got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

/** A retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, ... days). */
function retention(read: ContextReader, key: string): logs.RetentionDays | undefined {
  const days = number(read, key);
  if (days === undefined) return undefined;

  const allowed = Object.values(logs.RetentionDays).filter(
    (value): value is number => typeof value === 'number',
  );
  if (!allowed.includes(days)) {
    throw new Error(
      `Context ${key} must be a retention CloudWatch Logs offers (${allowed.join(', ')}); got ${days}`,
    );
  }
  return days as logs.RetentionDays;
}

/** `users=1,authorizer=1` on the command line, or an object in cdk.json. */
function concurrency(
  read: ContextReader,
  key: string,
): Partial<Record<ProvisionableFunction, number>> | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;

  const entries =
    typeof value === 'string'
      ? value.split(',').map((pair) => pair.split('=').map((part) => part.trim()))
      : typeof value === 'object'
        ? Object.entries(value as Record<string, unknown>)
        : [];
  const result: Record<string, number> = {};
  for (const [name, count] of entries) {
    const parsed = Number(count);
    if (!name || !Number.isInteger(parsed) || parsed < 0) {
      throw new Error(
        `Context ${key} must look like users=1,authorizer=1 (a function name and a whole number); got ${JSON.stringify(value)}`,
      );
    }
    result[name] = parsed;
  }
  return result;
}
