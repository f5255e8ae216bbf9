import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import type { RuntimeConfig } from '../runtime/config';

/**
 * Builds the document client. Against a local engine it uses fixed
 * credentials, so the SDK never looks for real ones (no call leaves the
 * machine).
 */
export function createDocumentClient(config: RuntimeConfig): DynamoDBDocumentClient {
  const local = config.dynamoEndpoint !== undefined;
  const client = new DynamoDBClient({
    region: config.region,
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
