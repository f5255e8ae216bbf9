import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';

import { GATEWAY_RESPONSES, gatewayResponseBody } from '../../lib/gateway-responses';
import { AUTHORIZER_HANDLER } from '../../lib/routes';
import type { ScimStack } from '../../lib/scim-stack';
import { buildStack, logicalIdOf, templateMethods } from './stack-fixture';

const CERTIFICATE_ARN =
  'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

let stack: ScimStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = buildStack({
    throttlingRateLimit: 50,
    throttlingBurstLimit: 80,
    alarmEmail: 'ops@example.com',
    customDomain: { domainName: 'scim.example.com', certificateArn: CERTIFICATE_ARN },
    wafRateLimit: 3000,
    provisionedConcurrency: { users: 2, [AUTHORIZER_HANDLER]: 1 },
  }));
}, 120_000); // synthesis without bundling, still seconds on a busy runner

function fn(name: string) {
  const scimFunction = stack.functions.get(name);
  if (!scimFunction) throw new Error(`no function ${name}`);
  return scimFunction;
}

describe('stack with every option set', () => {
  it('throttles the stage at the given rate and burst', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 }),
      ]),
    });
  });

  it('sends every alarm to an SNS topic with an e-mail subscription that only accepts TLS', () => {
    const topicId = logicalIdOf(stack.node.findChild('Alarms').node.findChild('Topic'));

    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topicId },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('serves the API on the custom domain with a TLS 1.2 regional endpoint mapped to the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'scim.example.com',
      RegionalCertificateArn: CERTIFICATE_ARN,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', {
      RestApiId: { Ref: logicalIdOf(stack.scimApi.api) },
    });
  });

  it('outputs the custom-domain base URL and the DNS target, and tells the SCIM functions the base URL', () => {
    template.hasOutput('ScimBaseUrl', { Value: 'https://scim.example.com/scim/v2' });
    template.hasOutput('CustomDomainTarget', { Value: Match.anyValue() });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'serverless-scim users',
      Environment: {
        Variables: Match.objectLike({
          SCIM_BASE_URL: 'https://scim.example.com/scim/v2',
        }),
      },
    });
  });

  it('attaches a WAF web ACL whose per-IP rate rule answers a SCIM 429 with Retry-After', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      CustomResponseBodies: {
        throttled: {
          ContentType: 'APPLICATION_JSON',
          Content: gatewayResponseBody(GATEWAY_RESPONSES.THROTTLED),
        },
      },
      Rules: [
        Match.objectLike({
          Statement: {
            RateBasedStatement: {
              Limit: 3000,
              AggregateKeyType: 'IP',
              EvaluationWindowSec: 300,
            },
          },
          Action: {
            Block: {
              CustomResponse: {
                ResponseCode: 429,
                CustomResponseBodyKey: 'throttled',
                ResponseHeaders: [
                  { Name: 'Retry-After', Value: Match.stringLikeRegexp('^\\d+$') },
                ],
              },
            },
          },
          VisibilityConfig: Match.objectLike({ SampledRequestsEnabled: false }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: Match.anyValue(),
    });
  });

  it('keeps instances warm through a live alias and routes API Gateway to that alias', () => {
    const usersAlias = fn('users').target;
    const authorizerAlias = fn(AUTHORIZER_HANDLER).target;

    template.resourceCountIs('AWS::Lambda::Alias', 2);
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      FunctionName: { Ref: logicalIdOf(fn('users').function) },
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    template.hasResourceProperties('AWS::Lambda::Alias', {
      FunctionName: { Ref: logicalIdOf(fn(AUTHORIZER_HANDLER).function) },
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 },
    });

    const usersMethods = templateMethods(template).filter(
      (method) => method.path === '/scim/v2/Users',
    );
    expect(usersMethods.length).toBeGreaterThan(0);
    for (const method of usersMethods)
      expect(method.target).toBe(logicalIdOf(usersAlias));

    const authorizer = Object.values(
      template.findResources('AWS::ApiGateway::Authorizer'),
    )[0];
    expect(JSON.stringify(authorizer?.Properties.AuthorizerUri)).toContain(
      logicalIdOf(authorizerAlias),
    );
  });

  it('finds nothing in the AwsSolutions pack that is not acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);

    expect(
      report.violations.map(
        (v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`,
      ),
    ).toEqual([]);
  });
});

describe('props that cannot work', () => {
  it('refuses provisioned concurrency for a function the stack does not have', () => {
    expect(() => buildStack({ provisionedConcurrency: { nope: 1 } as never })).toThrow(
      /provisionedConcurrency names nope.*use one of .*users/,
    );
  });

  it('refuses a WAF rate limit below what AWS WAF accepts', () => {
    expect(() => buildStack({ wafRateLimit: 5 })).toThrow(/at least 10/);
  });
});
