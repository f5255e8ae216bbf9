import type {
  APIGatewayAuthorizerResult,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';

import { authorize } from '../auth/authorize';
import { getKeyProvider } from '../runtime/key-provider';
import { getServices } from '../runtime/services';

/**
 * API Gateway TOKEN authorizer. Throwing `Unauthorized` is how a Lambda
 * authorizer makes API Gateway answer 401 (its UNAUTHORIZED gateway
 * response); a Deny policy makes it answer 403 (ACCESS_DENIED), whose
 * SCIM body takes its detail from the context's `reason`.
 */
export async function handler(
  event: APIGatewayTokenAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const result = await authorize(event.authorizationToken, {
    keys: getKeyProvider(),
    tokens: getServices().tokens,
  });

  if (result.allowed) {
    return {
      principalId: result.tokenId,
      policyDocument: policy('Allow', event.methodArn),
      context: {
        teamId: result.teamId,
        tokenId: result.tokenId,
        tokenName: result.tokenName,
        ...(result.defaultRole ? { defaultRole: result.defaultRole } : {}),
      },
    };
  }
  if (!result.forbidden) throw new Error('Unauthorized');

  return {
    principalId: result.forbidden.tokenId,
    policyDocument: policy('Deny', event.methodArn),
    context: {
      teamId: result.forbidden.teamId,
      tokenId: result.forbidden.tokenId,
      reason: result.forbidden.reason,
    },
  };
}

function policy(
  effect: 'Allow' | 'Deny',
  methodArn: string,
): APIGatewayAuthorizerResult['policyDocument'] {
  return {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: methodArn }],
  };
}
