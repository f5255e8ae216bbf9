import type { APIGatewayProxyEvent } from 'aws-lambda';

import { parseRequest } from '../../lambdas/http/scim-request';
import type { ScimError } from '../../lambdas/scim/errors';

function event(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/scim/v2/Users',
    path: '/scim/v2/Users',
    httpMethod: 'POST',
    headers: { Host: 'abc.execute-api.eu-west-1.amazonaws.com' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      authorizer: { teamId: 'team-1', tokenId: 'token-1' },
      domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
      path: '/prod/scim/v2/Users',
      requestId: 'req-1',
    } as unknown as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

const context = { awsRequestId: 'lambda-1' };

describe('parseRequest', () => {
  it('reads the team from the authorizer and the base URL from the stage path', () => {
    const request = parseRequest(event(), context);

    expect(request.teamId).toBe('team-1');
    expect(request.tokenId).toBe('token-1');
    expect(request.baseUrl).toBe(
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod/scim/v2',
    );
  });

  it('uses the configured base URL when one is set', () => {
    expect(
      parseRequest(event(), context, 'https://scim.example.com/scim/v2').baseUrl,
    ).toBe('https://scim.example.com/scim/v2');
  });

  it('decodes a base64-encoded body', () => {
    const body = Buffer.from(JSON.stringify({ userName: 'ünï@example.com' })).toString(
      'base64',
    );

    const request = parseRequest(
      event({
        body,
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
      context,
    );

    expect(request.body).toEqual({ userName: 'ünï@example.com' });
  });

  it.each([
    'application/json',
    'application/scim+json',
    'application/scim+json; charset=utf-8',
    'APPLICATION/JSON;charset=UTF-8',
  ])('accepts a body sent as %s', (contentType) => {
    const request = parseRequest(
      event({ body: '{"a":1}', headers: { 'Content-Type': contentType } }),
      context,
    );

    expect(request.body).toEqual({ a: 1 });
  });

  it('reads a body without Content-Type as JSON', () => {
    expect(parseRequest(event({ body: '{"a":1}', headers: {} }), context).body).toEqual({
      a: 1,
    });
  });

  it('lower-cases header names', () => {
    const request = parseRequest(event({ headers: { 'If-Match': 'W/"1"' } }), context);

    expect(request.headers['if-match']).toBe('W/"1"');
  });

  it('refuses a body that is not JSON with 400 invalidSyntax', () => {
    expect(() => parseRequest(event({ body: '{"userName":' }), context)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidSyntax' }) as ScimError,
    );
  });

  it('refuses a non-JSON media type with 415', () => {
    expect(() =>
      parseRequest(
        event({ body: '<User/>', headers: { 'Content-Type': 'application/xml' } }),
        context,
      ),
    ).toThrow(expect.objectContaining({ status: 415 }) as ScimError);
  });

  it('refuses an event without an authorized team with 401', () => {
    const unauthorized = event();
    unauthorized.requestContext.authorizer = {};

    expect(() => parseRequest(unauthorized, context)).toThrow(
      expect.objectContaining({ status: 401 }) as ScimError,
    );
  });
});
