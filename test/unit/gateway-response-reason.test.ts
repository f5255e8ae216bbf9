import {
  GATEWAY_RESPONSES,
  gatewayResponseBody,
  gatewayResponseTemplate,
} from '../../lib/gateway-responses';

describe('ACCESS_DENIED gateway response', () => {
  it('takes its detail from the authorizer reason in the API Gateway template', () => {
    const template = gatewayResponseTemplate(GATEWAY_RESPONSES.ACCESS_DENIED);

    expect(template).toBe(
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"403","detail":"$context.authorizer.reason"}',
    );
  });

  it('uses the authorizer reason as detail in the local body', () => {
    const body = gatewayResponseBody(GATEWAY_RESPONSES.ACCESS_DENIED, 403, {
      reason: 'SCIM is off',
    });

    expect(JSON.parse(body)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '403',
      detail: 'SCIM is off',
    });
  });

  it('falls back to its own detail when the authorizer gave no reason', () => {
    const body = gatewayResponseBody(GATEWAY_RESPONSES.ACCESS_DENIED, 403, {});

    expect(JSON.parse(body).detail).toBe(GATEWAY_RESPONSES.ACCESS_DENIED.detail);
  });

  it('leaves responses without an authorizer detail unchanged', () => {
    const template = gatewayResponseTemplate(GATEWAY_RESPONSES.UNAUTHORIZED);

    expect(template).toBe(gatewayResponseBody(GATEWAY_RESPONSES.UNAUTHORIZED));
    expect(template).not.toContain('$context');
  });
});
