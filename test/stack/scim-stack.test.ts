import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Validations, type App } from 'aws-cdk-lib';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';

import { ADMIN_HANDLER } from '../../lib/admin-function';
import { CHANGE_FEED_HANDLER } from '../../lib/change-feed';
import { NEVER_LOADED_ON_LAMBDA } from '../../lib/constructs/scim-function';
import { GATEWAY_RESPONSES, gatewayResponseTemplate } from '../../lib/gateway-responses';
import { AUTHORIZER_HANDLER, ROUTES, handlerNames } from '../../lib/routes';
import type { ScimStack } from '../../lib/scim-stack';
import { HANDLER_TABLE_ACCESS } from '../../lib/table-access';
import { TABLE, createTableInput } from '../../lib/table-definition';
import {
  actionsOf,
  buildStack,
  logicalIdOf,
  resourcesOf,
  roleStatements,
  templateMethods,
} from './stack-fixture';

/** One entry of an alarm's `Metrics` (metric math). */
interface AlarmMetric {
  readonly MetricStat?: {
    readonly Metric: {
      readonly MetricName: string;
      readonly Dimensions: { readonly Name: string; readonly Value: unknown }[];
    };
  };
}

let stack: ScimStack;
let template: Template;

beforeAll(() => {
  // The one bundled synthesis of the suite: it proves every handler bundles.
  ({ stack, template } = buildStack({}, { bundle: true }));
}, 180_000); // bundling nine functions takes a while on a shared 2-core CI runner

function fn(name: string) {
  const scimFunction = stack.functions.get(name);
  if (!scimFunction) throw new Error(`no function ${name}`);
  return scimFunction;
}

function functionProperties(name: string): Record<string, unknown> {
  const id = logicalIdOf(fn(name).function);
  return template.findResources('AWS::Lambda::Function')[id]?.Properties as Record<
    string,
    unknown
  >;
}

function statementsOf(name: string) {
  return roleStatements(template, logicalIdOf(fn(name).function.role!));
}

const tableArn = () => ({
  'Fn::GetAtt': [logicalIdOf(stack.node.findChild('Table')), 'Arn'],
});

describe('functions', () => {
  const allFunctions = [
    ...handlerNames(),
    AUTHORIZER_HANDLER,
    ADMIN_HANDLER,
    CHANGE_FEED_HANDLER,
  ];

  it('creates one function per handler module, plus the authorizer, the admin function and the change feed', () => {
    expect([...stack.functions.keys()].sort()).toEqual([...allFunctions].sort());
    template.resourceCountIs('AWS::Lambda::Function', allFunctions.length);
  });

  it.each(allFunctions)(
    'runs %s on arm64 nodejs22.x without parsing its source map at start',
    (name) => {
      expect(functionProperties(name)).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      expect(functionProperties(name)).not.toHaveProperty(
        'Environment.Variables.NODE_OPTIONS',
      );
    },
  );

  it.each(allFunctions)('gives %s a log group with one month of retention', (name) => {
    const logGroupId = logicalIdOf(fn(name).logGroup);
    expect(functionProperties(name).LoggingConfig).toEqual({
      LogGroup: { Ref: logGroupId },
    });
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]).toMatchObject({
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
  });

  it('bundles every function into one file with a source map, the AWS SDK and middy inside but for the credential chain beyond the environment', () => {
    const outdir = (stack.node.root as App).outdir;
    const bundles = readdirSync(outdir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => path.join(outdir, name));

    expect(bundles).toHaveLength(allFunctions.length);
    for (const bundle of bundles) {
      expect(readdirSync(bundle).sort()).toEqual(['index.js', 'index.js.map']);
      const code = readFileSync(path.join(bundle, 'index.js'), 'utf8');
      // Each require of a package left outside, and whether it is an
      // import() esbuild turned into a require (loaded on demand only).
      const externals = [
        ...code.matchAll(
          /(Promise\.resolve\(\)\.then\(\(\)=>(?:[\w$]+\()?)?require\("((?:@aws-sdk|@smithy|@middy)\/[\w/-]+)"\)/g,
        ),
      ]
        .map((match) => ({ name: match[2] ?? '', onDemand: match[1] !== undefined }))
        // The SDK probes for this optional native signer (SigV4a only) inside try/catch.
        .filter(({ name }) => name !== '@aws-sdk/signature-v4-crt');

      expect(code.endsWith('//# sourceMappingURL=index.js.map\n')).toBe(true);
      // Only what the default credential chain and event streams import on demand.
      expect(
        externals.filter(
          ({ name, onDemand }) => !onDemand || !NEVER_LOADED_ON_LAMBDA.includes(name),
        ),
      ).toEqual([]);
    }
  });

  it('gives SCIM handlers only TABLE_NAME, and the hashing-key secret only to the authorizer and admin', () => {
    const secretId = logicalIdOf(stack.node.findChild('TokenKey'));
    const tableId = logicalIdOf(stack.node.findChild('Table'));

    for (const name of handlerNames()) {
      expect(functionProperties(name).Environment).toEqual({
        Variables: { TABLE_NAME: { Ref: tableId } },
      });
    }
    for (const name of [AUTHORIZER_HANDLER, ADMIN_HANDLER]) {
      expect(functionProperties(name).Environment).toEqual({
        Variables: {
          TABLE_NAME: { Ref: tableId },
          TOKEN_KEY_SECRET_ARN: { Ref: secretId },
        },
      });
    }
  });
});

describe('API routes', () => {
  it('declares exactly the methods of the route table, each behind the authorizer and invoking its handler', () => {
    const authorizerId = logicalIdOf(stack.scimApi.authorizer);
    const methods = templateMethods(template);
    const expected = ROUTES.flatMap((route) =>
      route.methods.map((method) => ({
        key: `${method} ${route.path}`,
        target: logicalIdOf(fn(route.handler).function),
      })),
    );

    expect(methods.map((m) => `${m.httpMethod} ${m.path}`).sort()).toEqual(
      expected.map((e) => e.key).sort(),
    );
    for (const { key, target } of expected) {
      const method = methods.find((m) => `${m.httpMethod} ${m.path}` === key);
      expect(method?.target).toBe(target);
      expect(method?.properties).toMatchObject({
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerId },
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
      });
    }
  });

  it('uses a TOKEN authorizer on the Authorization header with its result cache off', () => {
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 0,
    });
    const authorizer = Object.values(
      template.findResources('AWS::ApiGateway::Authorizer'),
    )[0];
    expect(JSON.stringify(authorizer?.Properties.AuthorizerUri)).toContain(
      logicalIdOf(fn(AUTHORIZER_HANDLER).function),
    );
  });

  it('gives the admin function no route', () => {
    const adminId = logicalIdOf(fn(ADMIN_HANDLER).function);
    expect(templateMethods(template).map((m) => m.target)).not.toContain(adminId);
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Permission',
      { FunctionName: { 'Fn::GetAtt': [adminId, 'Arn'] } },
      0,
    );
  });

  it('is a regional API named after the stack, as its 5xx alarm expects', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'ScimTest',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5XXError',
      Dimensions: [{ Name: 'ApiName', Value: 'ScimTest' }],
    });
  });
});

describe('gateway responses', () => {
  const responses = Object.values(GATEWAY_RESPONSES);

  it('shapes exactly the gateway responses of lib/gateway-responses.ts', () => {
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', responses.length);
  });

  it.each(responses.map((r) => [r.type, r] as const))(
    'answers %s with its status, the SCIM body and application/scim+json',
    (_type, response) => {
      const headers: Record<string, string> = {
        'gatewayresponse.header.Content-Type': "'application/scim+json'",
      };
      for (const [name, value] of Object.entries(response.headers ?? {})) {
        headers[`gatewayresponse.header.${name}`] = `'${value}'`;
      }

      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: response.type,
        StatusCode: String(response.statusCode),
        ResponseParameters: headers,
        ResponseTemplates: { 'application/json': gatewayResponseTemplate(response) },
      });
    },
  );

  it('answers THROTTLED with 429, a Retry-After header and a SCIM error body', () => {
    const throttled = Object.values(
      template.findResources('AWS::ApiGateway::GatewayResponse', {
        Properties: { ResponseType: 'THROTTLED' },
      }),
    )[0]?.Properties;

    expect(throttled.StatusCode).toBe('429');
    expect(throttled.ResponseParameters['gatewayresponse.header.Retry-After']).toMatch(
      /^'\d+'$/,
    );
    expect(JSON.parse(throttled.ResponseTemplates['application/json'])).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '429',
      detail: expect.any(String),
    });
  });

  it('answers an unknown route (MISSING_AUTHENTICATION_TOKEN) with a SCIM 404', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
      StatusCode: '404',
      ResponseTemplates: {
        'application/json': Match.serializedJson(Match.objectLike({ status: '404' })),
      },
    });
  });
});

describe('table', () => {
  it('is built from lib/table-definition.ts, as the local engine is: keys, attributes, indexes', () => {
    const local = createTableInput('local');

    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    const table = Object.values(template.findResources('AWS::DynamoDB::Table'))[0]!;
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(
      [...table.Properties.AttributeDefinitions].sort((a, b) =>
        a.AttributeName.localeCompare(b.AttributeName),
      ),
    ).toEqual(
      [...local.AttributeDefinitions].sort((a, b) =>
        a.AttributeName.localeCompare(b.AttributeName),
      ),
    );
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });

  it('is on demand, with point-in-time recovery, deletion protection and the TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: {
        AttributeName: TABLE.timeToLiveAttribute,
        Enabled: true,
      },
    });
  });

  it('survives stack deletion, as does the hashing key', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('generates the hashing key as 64 letters and digits (valid base64 of 48 bytes)', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        PasswordLength: 64,
        ExcludePunctuation: true,
        IncludeSpace: false,
      },
    });
  });
});

describe('permissions', () => {
  const allStatements = () =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );

  it('grants no wildcard action and no wildcard resource other than the table indexes (and ListStreams, which IAM scopes to no resource)', () => {
    const indexArn = { 'Fn::Join': ['', [tableArn(), '/index/*']] };

    for (const statement of allStatements()) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
      for (const resource of resourcesOf(statement)) {
        if (resource === '*') {
          expect(actionsOf(statement)).toEqual(['dynamodb:ListStreams']);
          continue;
        }
        if (JSON.stringify(resource).includes('*')) expect(resource).toEqual(indexArn);
      }
    }
  });

  it('never grants Scan, transactions or dynamodb:*, and batch writes only to the change feed', () => {
    const dynamoActions = allStatements()
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('dynamodb:'));

    expect(dynamoActions.length).toBeGreaterThan(0);
    for (const forbidden of [
      'dynamodb:*',
      'dynamodb:Scan',
      'dynamodb:TransactWriteItems',
      'dynamodb:TransactGetItems',
    ]) {
      expect(dynamoActions).not.toContain(forbidden);
    }
    for (const name of stack.functions.keys()) {
      const batchWrites = statementsOf(name)
        .flatMap(actionsOf)
        .includes('dynamodb:BatchWriteItem');
      expect([name, batchWrites]).toEqual([name, name === CHANGE_FEED_HANDLER]);
    }
  });

  it('feeds user-item changes of the table stream to the change feed, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf(fn(CHANGE_FEED_HANDLER).function) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              dynamodb: { Keys: { sk: { S: [{ prefix: 'USER#' }] } } },
            }),
          },
        ],
      },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Threshold: 60_000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
  });

  it.each(handlerNames().filter((name) => HANDLER_TABLE_ACCESS[name] === 'none'))(
    'gives %s (discovery, answered from code) no table access at all',
    (name) => {
      const statements = statementsOf(name);
      expect(statements.flatMap(actionsOf).filter((a) => !a.startsWith('logs:'))).toEqual(
        [],
      );
    },
  );

  it.each(handlerNames().filter((name) => HANDLER_TABLE_ACCESS[name] === 'readWrite'))(
    'gives %s single-item reads, queries and writes on the table and its indexes',
    (name) => {
      const dynamo = statementsOf(name).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('dynamodb:')),
      );
      expect(dynamo).toHaveLength(1);
      expect(actionsOf(dynamo[0]!).sort()).toEqual(
        [
          'dynamodb:BatchGetItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ].sort(),
      );
      expect(resourcesOf(dynamo[0]!)).toEqual([
        tableArn(),
        { 'Fn::Join': ['', [tableArn(), '/index/*']] },
      ]);
    },
  );

  it.each(handlerNames().filter((name) => HANDLER_TABLE_ACCESS[name] === 'read'))(
    'gives %s reads and queries only, on the table and its indexes',
    (name) => {
      const dynamo = statementsOf(name).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('dynamodb:')),
      );
      expect(dynamo).toHaveLength(1);
      expect(actionsOf(dynamo[0]!).sort()).toEqual(
        ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'].sort(),
      );
      expect(resourcesOf(dynamo[0]!)).toEqual([
        tableArn(),
        { 'Fn::Join': ['', [tableArn(), '/index/*']] },
      ]);
    },
  );

  it('lets the authorizer read a token by key and record its use, on the table only', () => {
    const dynamo = statementsOf(AUTHORIZER_HANDLER).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0]!).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
    ]);
    expect(resourcesOf(dynamo[0]!)).toEqual([tableArn()]);
  });

  it('lets only the authorizer and the admin function read the hashing key', () => {
    const secretId = logicalIdOf(stack.node.findChild('TokenKey'));
    const readers = [...stack.functions.keys()].filter((name) =>
      statementsOf(name).some((s) =>
        actionsOf(s).includes('secretsmanager:GetSecretValue'),
      ),
    );

    expect(readers.sort()).toEqual([ADMIN_HANDLER, AUTHORIZER_HANDLER].sort());
    for (const name of readers) {
      const statement = statementsOf(name).find((s) =>
        actionsOf(s).includes('secretsmanager:GetSecretValue'),
      );
      expect(resourcesOf(statement!)).toEqual([{ Ref: secretId }]);
    }
  });

  it('lets each function write only its own log group', () => {
    for (const [name, scimFunction] of stack.functions) {
      const logStatements = statementsOf(name).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('logs:')),
      );
      expect(logStatements).toEqual([
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalIdOf(scimFunction.logGroup), 'Arn'] },
        }),
      ]);
    }
  });

  it('offers a managed policy that lets team administrators invoke the admin function and nothing else', () => {
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0];

    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [logicalIdOf(fn(ADMIN_HANDLER).function), 'Arn'] },
      },
    ]);
  });

  it('attaches no AWS managed policy to any function role', () => {
    for (const scimFunction of stack.functions.values()) {
      const role =
        template.findResources('AWS::IAM::Role')[
          logicalIdOf(scimFunction.function.role!)
        ];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('operations', () => {
  it('throttles the stage at 100 requests per second with bursts of 200 by default', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ]),
    });
  });

  it('writes JSON access logs with the team, never a request header', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
    const format = stage?.Properties.AccessLogSetting.Format as string;
    const fields = JSON.parse(format) as Record<string, string>;

    expect(fields.teamId).toBe('$context.authorizer.teamId');
    expect(fields.requestId).toBe('$context.requestId');
    expect(fields.status).toBe('$context.status');
    for (const value of Object.values(fields)) {
      expect(value).toMatch(/^\$context\.[A-Za-z.]+$/);
      expect(value.toLowerCase()).not.toContain('header');
    }
    expect(format.toLowerCase()).not.toContain('authorization');
    expect(stage?.Properties.AccessLogSetting.DestinationArn).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack.scimApi.accessLogs), 'Arn'],
    });
  });

  it('keeps API Gateway execution logs in a group with retention, created before the stage', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: {
        'Fn::Join': [
          '',
          [
            'API-Gateway-Execution-Logs_',
            { Ref: logicalIdOf(stack.scimApi.api) },
            '/prod',
          ],
        ],
      },
      RetentionInDays: 30,
    });
  });

  it('alarms on the 5xx rate, authorizer errors, every function error and throttle, and DynamoDB throttles', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties,
    );
    const onMetric = (name: string, functionId?: string) =>
      alarms.filter(
        (alarm) =>
          alarm.MetricName === name &&
          (functionId === undefined ||
            JSON.stringify(alarm.Dimensions).includes(functionId)),
      );

    expect(onMetric('5XXError')).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/ApiGateway',
        Statistic: 'Average',
        Threshold: 0.01,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      }),
    ]);
    for (const [name, scimFunction] of stack.functions) {
      const id = logicalIdOf(scimFunction.function);
      // A refused token is a Lambda error of the authorizer, so it has no Errors alarm.
      expect(onMetric('Errors', id)).toHaveLength(name === AUTHORIZER_HANDLER ? 0 : 1);
      expect(onMetric('Throttles', id)).toHaveLength(1);
    }
    expect(onMetric('AuthorizerFailures')).toEqual([
      expect.objectContaining({ Statistic: 'Sum', Threshold: 0 }),
    ]);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalIdOf(stack.scimApi.accessLogs) },
      FilterPattern:
        '{ ($.errorType = "AUTHORIZER_FAILURE") || ($.errorType = "AUTHORIZER_CONFIGURATION_ERROR") }',
      MetricTransformations: [
        Match.objectLike({ MetricName: 'AuthorizerFailures', MetricValue: '1' }),
      ],
    });

    const throttleMetrics = alarms
      .filter((alarm) => alarm.Metrics)
      .flatMap((alarm) => alarm.Metrics as AlarmMetric[])
      .flatMap((metric) => (metric.MetricStat ? [metric.MetricStat.Metric] : []))
      .map((metric) => ({
        name: metric.MetricName,
        index: metric.Dimensions.find((d) => d.Name === 'GlobalSecondaryIndexName')
          ?.Value,
      }));
    const expectedThrottleMetrics = [
      undefined,
      ...TABLE.indexes.map((i) => i.name),
    ].flatMap((index) => [
      { name: 'ReadThrottleEvents', index },
      { name: 'WriteThrottleEvents', index },
    ]);
    expect(throttleMetrics).toEqual(expect.arrayContaining(expectedThrottleMetrics));
    expect(throttleMetrics).toHaveLength(expectedThrottleMetrics.length);
  });

  it('sends alarms nowhere and creates no WAF, custom domain or alias by default', () => {
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::ApiGateway::DomainName', 0);
    template.resourceCountIs('AWS::Lambda::Alias', 0);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  it('outputs the SCIM base URL (stage URL plus /scim/v2), the admin function, the secret and the table', () => {
    template.hasOutput('ScimBaseUrl', {
      Value: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            'https://',
            { Ref: logicalIdOf(stack.scimApi.api) },
            '/scim/v2',
          ]),
        ],
      },
    });
    template.hasOutput('AdminFunctionName', {
      Value: { Ref: logicalIdOf(fn(ADMIN_HANDLER).function) },
    });
    template.hasOutput('AdminInvokePolicyArn', {
      Value: { Ref: logicalIdOf(stack.node.findChild('AdminInvokePolicy')) },
    });
    template.hasOutput('TokenKeySecretArn', {
      Value: { Ref: logicalIdOf(stack.node.findChild('TokenKey')) },
    });
    template.hasOutput('TableName', {
      Value: { Ref: logicalIdOf(stack.node.findChild('Table')) },
    });
  });
});

describe('cdk-nag', () => {
  it('finds nothing in the AwsSolutions pack that is not acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);

    expect(
      report.violations.map(
        (v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`,
      ),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a reason', () => {
    const acknowledged = stack.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));

    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [rule, reason] of acknowledged) {
      expect(rule).toMatch(/AwsSolutions-/);
      expect(reason.length).toBeGreaterThan(40);
    }
  });
});
