import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

import { SCIM_BASE_PATH, type HandlerName, type Route } from '../routes';
import { addScimGatewayResponses } from './scim-gateway-responses';

/** A custom domain for the API. */
export interface ScimCustomDomain {
  /** The host name IdPs call, such as `scim.example.com`. */
  readonly domainName: string;
  /** ARN of an ACM certificate for that name, in the stack's region. */
  readonly certificateArn: string;
}

/** Props of {@link ScimApi}. */
export interface ScimApiProps {
  /** The route table; one resource per path, one method per path and verb. */
  readonly routes: readonly Route[];
  /** The function (or alias) that serves each handler module. */
  readonly targets: ReadonlyMap<HandlerName, lambda.IFunction>;
  /** The TOKEN authorizer function (or alias). */
  readonly authorizer: lambda.IFunction;
  /** Steady-state requests per second for the whole stage. @default 100 */
  readonly throttlingRateLimit?: number;
  /** Requests the stage absorbs in a burst above the rate. @default 200 */
  readonly throttlingBurstLimit?: number;
  /** Retention of the access and execution logs. @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** Stage name, the first path segment of the execute-api URL. @default 'prod' */
  readonly stageName?: string;
  /** Serve the API on this domain too. @default none: the execute-api URL only */
  readonly customDomain?: ScimCustomDomain;
}

/**
 * The REST API: resources and methods from the route table, every method
 * behind the TOKEN authorizer with its result cache off, SCIM-shaped
 * gateway responses, stage throttling, and JSON access logs.
 */
export class ScimApi extends Construct {
  /** The REST API. */
  readonly api: apigateway.RestApi;
  /** The token authorizer guarding every method. */
  readonly authorizer: apigateway.TokenAuthorizer;
  /** The access log group. */
  readonly accessLogs: logs.LogGroup;
  /** The custom domain, when one was asked for. */
  readonly domain?: apigateway.DomainName;
  /** The SCIM base URL IdPs are given (ends in `/scim/v2`). */
  readonly scimBaseUrl: string;

  constructor(scope: Construct, id: string, props: ScimApiProps) {
    super(scope, id);

    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const stageName = props.stageName ?? 'prod';
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.authorizer = new apigateway.TokenAuthorizer(this, 'Authorizer', {
      handler: props.authorizer,
      identitySource: apigateway.IdentitySource.header('Authorization'),
      // Revocation must act on the very next request (SPEC: Teams and tokens).
      resultsCacheTtl: Duration.seconds(0),
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      // API Gateway's metrics are keyed by API name: one name per stack keeps
      // a staging copy's 5xx from reaching production's alarm.
      restApiName: Stack.of(this).stackName,
      description: 'SCIM 2.0 service provider (RFC 7644)',
      // Regional: WAF attaches directly, and a custom domain's certificate
      // lives in the stack's own region.
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Access and execution logs need the account's API Gateway logging
      // role; without it the first deploy in a fresh account fails.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      defaultMethodOptions: {
        authorizer: this.authorizer,
        authorizationType: apigateway.AuthorizationType.CUSTOM,
      },
      deployOptions: {
        stageName,
        throttlingRateLimit: props.throttlingRateLimit ?? 100,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 200,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false, // data trace would log request headers, the token among them
        metricsEnabled: false,
      },
    });

    // API Gateway writes execution logs to a group it names itself and
    // keeps forever; creating that group first gives it a retention.
    const executionLogs = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stageName}`,
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.deploymentStage.node.addDependency(executionLogs);

    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'Each handler validates its input against the SCIM schema and answers a SCIM 400 with the right scimType (RFC 7644 §3.12); an API Gateway model would duplicate the schema and answer a non-SCIM error',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'SCIM clients (Okta, Entra ID) send a long-lived bearer token (RFC 7644 §2); the TOKEN authorizer verifies it on every request; Cognito user pools do not fit provisioning clients',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-wide API Gateway logging role uses the managed policy AWS documents for it; access and execution logs cannot be written without that role',
      },
    );

    this.addRoutes(props.routes, props.targets);
    addScimGatewayResponses(this.api);

    if (props.customDomain) {
      this.domain = this.api.addDomainName('Domain', {
        domainName: props.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(
          this,
          'Certificate',
          props.customDomain.certificateArn,
        ),
        endpointType: apigateway.EndpointType.REGIONAL,
        securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
      });
      this.scimBaseUrl = `https://${props.customDomain.domainName}${SCIM_BASE_PATH}`;
    } else {
      this.scimBaseUrl = `${this.api.url.replace(/\/$/, '')}${SCIM_BASE_PATH}`;
    }
  }

  private addRoutes(
    routes: readonly Route[],
    targets: ReadonlyMap<HandlerName, lambda.IFunction>,
  ): void {
    const integrations = new Map<HandlerName, apigateway.LambdaIntegration>();

    for (const route of routes) {
      const target = targets.get(route.handler);
      if (!target) {
        throw new Error(
          `Route ${route.path} names handler ${route.handler}, but the stack has no function for it; add it to the targets`,
        );
      }

      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new apigateway.LambdaIntegration(target, {
          allowTestInvoke: false,
        });
        integrations.set(route.handler, integration);
      }

      const resource = this.api.root.resourceForPath(route.path);
      for (const method of route.methods) resource.addMethod(method, integration);
    }
  }
}

/**
 * One JSON object per request. Only `$context` variables: REST API access
 * logs cannot name request headers, so the Authorization header (the
 * bearer token) can never reach them; the query string (which may hold a
 * filter with a userName) is left out too.
 */
function accessLogFormat(): apigateway.AccessLogFormat {
  const field = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: field.contextRequestId(),
      time: field.contextRequestTime(),
      ip: field.contextIdentitySourceIp(),
      userAgent: field.contextIdentityUserAgent(),
      method: field.contextHttpMethod(),
      resource: field.contextResourcePath(),
      path: field.contextPath(),
      status: field.contextStatus(),
      responseLength: field.contextResponseLength(),
      latencyMs: field.contextResponseLatency(),
      integrationLatencyMs: field.contextIntegrationLatency(),
      teamId: field.contextAuthorizer('teamId'),
      tokenId: field.contextAuthorizer('tokenId'),
      authorizerStatus: field.contextAuthorizerStatus(),
      authorizerLatencyMs: field.contextAuthorizerLatency(),
      errorType: field.contextErrorResponseType(),
      error: field.contextErrorMessage(),
    }),
  );
}
