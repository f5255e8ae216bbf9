import * as apigateway from 'aws-cdk-lib/aws-apigateway';

import {
  GATEWAY_RESPONSES,
  gatewayResponseTemplate,
  type GatewayResponse,
} from '../gateway-responses';

/** Media type of every SCIM response (RFC 7644 §3.1). */
export const SCIM_CONTENT_TYPE = 'application/scim+json';

/**
 * The mapping template of a gateway response (lib/gateway-responses.ts),
 * checked. API Gateway substitutes `$context...` and `$stageVariables...`
 * references in these templates, so apart from the intended
 * `$context.authorizer.<key>` a `$` (or a Velocity `#`) in a body might not
 * come out as written. Refuse it rather than ship a mangled error.
 */
export function checkedGatewayResponseTemplate(response: GatewayResponse): string {
  const template = gatewayResponseTemplate(response);
  const literal = template.replace(/\$context\.authorizer\.\w+/g, '');
  if (/[$#]/.test(literal)) {
    throw new Error(
      `Gateway response ${response.type} has '$' or '#' in its body (${template}); Velocity would rewrite it, so reword lib/gateway-responses.ts`,
    );
  }
  return template;
}

/** Header values of a gateway response, quoted the way API Gateway wants static values. */
export function gatewayResponseHeaders(
  response: GatewayResponse,
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': SCIM_CONTENT_TYPE,
    ...response.headers,
  };
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, `'${value}'`]),
  );
}

/**
 * Shapes every response API Gateway produces on its own (bad token, no
 * route, body too large, throttled, its defaults) into the SCIM error body
 * that the local emulation serves too, from lib/gateway-responses.ts.
 */
export function addScimGatewayResponses(api: apigateway.RestApi): void {
  for (const response of Object.values(GATEWAY_RESPONSES)) {
    api.addGatewayResponse(`Response${response.type}`, {
      type: apigateway.ResponseType.of(response.type),
      statusCode: String(response.statusCode),
      responseHeaders: gatewayResponseHeaders(response),
      // API Gateway picks the template by the client's Accept header and
      // falls back to application/json, so this one answers every client.
      templates: { 'application/json': checkedGatewayResponseTemplate(response) },
    });
  }
}
