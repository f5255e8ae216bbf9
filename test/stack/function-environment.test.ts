import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/**
 * The stack gives SCIM functions TABLE_NAME and nothing else (no hashing
 * key: only the authorizer and the admin function may read it). A
 * function must start and answer with exactly that environment. No call
 * leaves the process: discovery touches no table, and building the
 * services opens no connection.
 */
describe('a SCIM function with only the environment the stack gives it', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    jest.resetModules();
    for (const name of [
      'SCIM_TOKEN_KEY',
      'TOKEN_KEY_SECRET_ARN',
      'DYNAMODB_ENDPOINT',
      'SCIM_BASE_URL',
    ]) {
      delete process.env[name];
    }
    process.env.TABLE_NAME = 'ScimTest-Table';
    process.env.AWS_REGION = 'eu-west-1';
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it('answers GET /ServiceProviderConfig without a hashing key', async () => {
    const { handler } =
      (await import('../../lambdas/handlers/service-provider-config')) as {
        handler: (
          event: APIGatewayProxyEvent,
          context: Context,
        ) => Promise<{ statusCode: number }>;
      };
    const event = {
      httpMethod: 'GET',
      resource: '/scim/v2/ServiceProviderConfig',
      path: '/scim/v2/ServiceProviderConfig',
      headers: { Host: 'abc.execute-api.eu-west-1.amazonaws.com' },
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {
        requestId: 'r-1',
        stage: 'prod',
        path: '/prod/scim/v2/ServiceProviderConfig',
        domainName: 'abc.execute-api.eu-west-1.amazonaws.com',
        authorizer: { teamId: 'team-1', tokenId: 'token-1' },
      },
    } as unknown as APIGatewayProxyEvent;

    const result = await handler(event, { awsRequestId: 'r-1' } as Context);

    expect(result.statusCode).toBe(200);
  });

  it('builds the services a user or group handler uses, and refuses only a hashing attempt', async () => {
    const { buildServices } = await import('../../lambdas/runtime/services');
    const { buildKeyProvider } = await import('../../lambdas/runtime/key-provider');
    const { loadConfig } = await import('../../lambdas/runtime/config');

    const services = buildServices(loadConfig());

    expect(services.config.tableName).toBe('ScimTest-Table');
    await expect(buildKeyProvider(loadConfig()).getKey()).rejects.toThrow(
      /Neither TOKEN_KEY_SECRET_ARN nor SCIM_TOKEN_KEY is set/,
    );
  });
});
