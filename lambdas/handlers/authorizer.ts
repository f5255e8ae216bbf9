import type {
  APIGatewayAuthorizerResult,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';

import { authorize } from '../auth/authorize';
import { getServices } from '../runtime/services';

/**
 * API Gateway TOKEN authorizer. Throwing `Unauthorized` is how a Lambda
 * authorizer makes API Gateway answer 401 (its UNAUTHORIZED gateway
 * response, which the stack shapes into a SCIM error).
 */
export async function handler(
  event: APIGatewayTokenAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const services = getServices();
  const result = await authorize(event.authorizationToken, services);
  if (!result.allowed) throw new Error('Unauthorized');

  return {
    principalId: result.tokenId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn },
      ],
    },
    context: { teamId: result.teamId, tokenId: result.tokenId },
  };
}
