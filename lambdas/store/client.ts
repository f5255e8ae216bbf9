import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import type { RuntimeConfig } from '../runtime/config';

/**
 * Builds the document client. Against a local engine it uses fixed
 * credentials, so the SDK never looks for real ones (no call leaves the
 * machine).
 *
 * Every setting the SDK would otherwise look up in the environment and
 * then in `~/.aws/config` and `~/.aws/credentials` on the first call is
 * given here, with the value the SDK would settle on for this client
 * anyway. A function never has those files, and reading them (plus a
 * thrown and caught error per setting) costs 2–4 ms of every cold start
 * (`npm run bench`, bundles). On AWS the credentials still come from the
 * default chain, whose first link is the environment Lambda sets.
 */
export function createDocumentClient(config: RuntimeConfig): DynamoDBDocumentClient {
  const local = config.dynamoEndpoint !== undefined;
  const client = new DynamoDBClient({
    region: config.region,
    defaultsMode: 'legacy',
    requestHandler: {},
    maxAttempts: 4, // DynamoDB's default in the SDK
    retryMode: 'standard',
    useDualstackEndpoint: false,
    useFipsEndpoint: false,
    accountIdEndpointMode: 'preferred',
    authSchemePreference: [],
    // Off, as by default; `endpointDiscoveryEnabled: false` would also
    // forbid the local engine's custom endpoint.
    endpointDiscoveryEnabledProvider: () => Promise.resolve(undefined),
    disableClockSkewCorrection: false,
    userAgentAppId: 'serverless-scim',
    ...(local
      ? {
          endpoint: config.dynamoEndpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });

  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}
