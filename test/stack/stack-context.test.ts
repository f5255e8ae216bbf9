import { RetentionDays } from 'aws-cdk-lib/aws-logs';

import { stackPropsFromContext } from '../../lib/stack-context';

/** A context reader over a plain object, as `cdk -c key=value` would give. */
const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('stackPropsFromContext', () => {
  it('leaves every prop to its default when no context is given', () => {
    expect(stackPropsFromContext(from({}))).toEqual({
      throttlingRateLimit: undefined,
      throttlingBurstLimit: undefined,
      logRetention: undefined,
      memorySize: undefined,
      alarmEmail: undefined,
      serverErrorRateThreshold: undefined,
      customDomain: undefined,
      wafRateLimit: undefined,
      provisionedConcurrency: undefined,
    });
  });

  it('reads command-line strings into numbers, a retention, a domain and concurrency settings', () => {
    const props = stackPropsFromContext(
      from({
        throttlingRateLimit: '150',
        throttlingBurstLimit: '300',
        logRetentionDays: '90',
        memorySize: '1024',
        alarmEmail: 'ops@example.com',
        serverErrorRateThreshold: '0.05',
        domainName: 'scim.example.com',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
        wafRateLimit: '2000',
        provisionedConcurrency: 'users=1, groups=2,authorizer=1',
      }),
    );

    expect(props).toEqual({
      throttlingRateLimit: 150,
      throttlingBurstLimit: 300,
      logRetention: RetentionDays.THREE_MONTHS,
      memorySize: 1024,
      alarmEmail: 'ops@example.com',
      serverErrorRateThreshold: 0.05,
      customDomain: {
        domainName: 'scim.example.com',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
      },
      wafRateLimit: 2000,
      provisionedConcurrency: { users: 1, groups: 2, authorizer: 1 },
    });
  });

  it('accepts JSON values from cdk.json', () => {
    const props = stackPropsFromContext(
      from({ throttlingRateLimit: 120, provisionedConcurrency: { users: 1 } }),
    );

    expect(props.throttlingRateLimit).toBe(120);
    expect(props.provisionedConcurrency).toEqual({ users: 1 });
  });

  it('refuses a domain name without a certificate, and the reverse', () => {
    expect(() => stackPropsFromContext(from({ domainName: 'scim.example.com' }))).toThrow(
      /domainName and certificateArn go together/,
    );
    expect(() => stackPropsFromContext(from({ certificateArn: 'arn:x' }))).toThrow(
      /domainName and certificateArn go together/,
    );
  });

  it.each([
    [
      'throttlingRateLimit',
      'fast',
      /throttlingRateLimit must be a positive number; got "fast"/,
    ],
    ['memorySize', '-5', /memorySize must be a positive number/],
    [
      'logRetentionDays',
      '31',
      /logRetentionDays must be a retention CloudWatch Logs offers \(1, 3, .*\); got 31/,
    ],
    ['provisionedConcurrency', 'users', /must look like users=1,authorizer=1/],
    ['provisionedConcurrency', 'users=1.5', /must look like users=1,authorizer=1/],
    ['alarmEmail', 42, /alarmEmail must be a string; got 42/],
  ])('refuses %s=%p saying what is accepted', (key, value, message) => {
    expect(() => stackPropsFromContext(from({ [key]: value }))).toThrow(message);
  });
});
