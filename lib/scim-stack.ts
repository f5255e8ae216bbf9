import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

import { ADMIN_HANDLER } from './admin-function';
import { CHANGE_FEED_HANDLER } from './change-feed';
import { ChangeFeed } from './constructs/change-feed';
import { ScimAlarms } from './constructs/scim-alarms';
import { ScimApi, type ScimCustomDomain } from './constructs/scim-api';
import { ScimFunction } from './constructs/scim-function';
import { createScimTable } from './constructs/scim-table';
import { ScimWaf } from './constructs/scim-waf';
import {
  AUTHORIZER_HANDLER,
  ROUTES,
  SCIM_BASE_PATH,
  handlerNames,
  type HandlerName,
} from './routes';
import {
  ADMIN_TABLE_ACCESS,
  AUTHORIZER_TABLE_ACCESS,
  CHANGE_FEED_TABLE_ACCESS,
  HANDLER_TABLE_ACCESS,
  TABLE_ACTIONS,
  type TableAccess,
} from './table-access';
import { TABLE } from './table-definition';

/** Functions that can keep instances warm: a SCIM handler or the authorizer. */
export type ProvisionableFunction = HandlerName | typeof AUTHORIZER_HANDLER;

/** Props of {@link ScimStack}; every one is optional. */
export interface ScimStackProps extends StackProps {
  /**
   * Steady-state requests per second for the whole API, all teams together.
   * @default 100 (four teams at Entra ID's 25 per second at once)
   */
  readonly throttlingRateLimit?: number;
  /** Requests absorbed in a burst above the rate. @default 200 */
  readonly throttlingBurstLimit?: number;
  /** Retention of every log group. @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** Memory of the SCIM functions and the authorizer, in MB. @default 512 */
  readonly memorySize?: number;
  /** E-mail address that receives the alarms. @default none: alarms without notification */
  readonly alarmEmail?: string;
  /** Fraction of 5xx answers that raises the 5xx alarm. @default 0.01 */
  readonly serverErrorRateThreshold?: number;
  /** Serve the API on a custom domain. @default none: the execute-api URL */
  readonly customDomain?: ScimCustomDomain;
  /** Attach AWS WAF with this many requests per client IP per five minutes. @default no WAF */
  readonly wafRateLimit?: number;
  /**
   * Provisioned concurrency per function, for example `{ users: 1,
   * authorizer: 1 }`: Okta's test suite times GET /Users and GET /Groups
   * (600 ms, cold start included), and the authorizer runs before each.
   * @default none
   */
  readonly provisionedConcurrency?: Readonly<
    Partial<Record<ProvisionableFunction, number>>
  >;
}

/**
 * The whole service: one table, the token-hashing key, one function per
 * SCIM handler module, the authorizer, the admin function, the change
 * feed on the table's stream, the REST API built from the route table,
 * alarms and, when asked for, WAF.
 */
export class ScimStack extends Stack {
  /** Every function, by handler module name (SCIM handlers, authorizer, admin). */
  readonly functions: ReadonlyMap<string, ScimFunction>;
  /** The API. */
  readonly scimApi: ScimApi;

  constructor(scope: Construct, id: string, props: ScimStackProps = {}) {
    super(scope, id, props);

    checkProvisionedConcurrency(props.provisionedConcurrency);

    const table = createScimTable(this, 'Table');
    const tokenKey = new secretsmanager.Secret(this, 'TokenKey', {
      description: 'serverless-scim token-hashing key (HMAC-SHA-256), base64 text',
      // 64 letters and digits are valid base64 for 48 bytes (381 random bits);
      // lambdas/auth/key-provider.ts wants at least 32 bytes.
      generateSecretString: {
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
      // Losing the key orphans every stored token hash; keep it with the table.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(tokenKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A new hashing key invalidates every issued token at once, so it is changed by a planned procedure (docs/DEPLOY.md), not on a schedule; tokens themselves are rotated one by one',
    });

    const functions = new Map<string, ScimFunction>();
    const create = (
      name: string,
      access: TableAccess,
      options: {
        readsKey?: boolean;
        extraEnv?: Record<string, string>;
        timeout?: Duration;
      },
    ) => {
      const fn = new ScimFunction(this, functionId(name), {
        handlerName: name,
        memorySize: props.memorySize,
        timeout: options.timeout,
        logRetention: props.logRetention,
        provisionedConcurrency:
          props.provisionedConcurrency?.[name as ProvisionableFunction],
        environment: {
          TABLE_NAME: table.tableName,
          ...(options.readsKey ? { TOKEN_KEY_SECRET_ARN: tokenKey.secretArn } : {}),
          ...options.extraEnv,
        },
      });
      grantTableAccess(table, fn, access);
      if (options.readsKey) tokenKey.grantRead(fn.function);
      functions.set(name, fn);
      return fn;
    };

    const baseUrlEnv: Record<string, string> = props.customDomain
      ? { SCIM_BASE_URL: `https://${props.customDomain.domainName}${SCIM_BASE_PATH}` }
      : {};
    const targets = new Map<HandlerName, lambda.IFunction>();
    for (const name of handlerNames()) {
      targets.set(
        name,
        create(name, HANDLER_TABLE_ACCESS[name], { extraEnv: baseUrlEnv }).target,
      );
    }
    const authorizer = create(AUTHORIZER_HANDLER, AUTHORIZER_TABLE_ACCESS, {
      readsKey: true,
    });
    const admin = create(ADMIN_HANDLER, ADMIN_TABLE_ACCESS, {
      readsKey: true,
      timeout: Duration.seconds(30),
    });
    const feed = new ChangeFeed(this, 'ChangeFeed', {
      table,
      function: create(CHANGE_FEED_HANDLER, CHANGE_FEED_TABLE_ACCESS, {
        timeout: Duration.seconds(60),
      }).function,
    });
    this.functions = functions;

    this.scimApi = new ScimApi(this, 'Scim', {
      routes: ROUTES,
      targets,
      authorizer: authorizer.target,
      throttlingRateLimit: props.throttlingRateLimit,
      throttlingBurstLimit: props.throttlingBurstLimit,
      logRetention: props.logRetention,
      customDomain: props.customDomain,
    });

    if (props.wafRateLimit !== undefined) {
      new ScimWaf(this, 'Waf', {
        stageArn: this.scimApi.api.deploymentStage.stageArn,
        rateLimit: props.wafRateLimit,
      });
    } else {
      Validations.of(this.scimApi.api.deploymentStage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'WAF is optional (prop wafRateLimit): stage throttling already answers floods with a SCIM 429, and WAF costs a monthly fee per web ACL',
      });
    }

    new ScimAlarms(this, 'Alarms', {
      api: this.scimApi.api,
      authorizer: authorizer.function,
      accessLogs: this.scimApi.accessLogs,
      functions: new Map([...functions].map(([name, fn]) => [name, fn.function])),
      table,
      indexes: TABLE.indexes,
      alarmEmail: props.alarmEmail,
      serverErrorRateThreshold: props.serverErrorRateThreshold,
      changeFeed: { function: feed.function, deadLetters: feed.deadLetters },
    });

    new CfnOutput(this, 'ScimBaseUrl', {
      description: 'SCIM base URL to give Okta and Entra ID',
      value: this.scimApi.scimBaseUrl,
    });
    // Team administrators get this policy (attach it to their role or group)
    // and nothing else of the stack: it lets them run the admin CLI.
    const adminInvoke = new iam.ManagedPolicy(this, 'AdminInvokePolicy', {
      description: 'Run the serverless-scim admin CLI (npm run admin -- --function ...)',
    });
    // The CLI invokes the unqualified function; grantInvoke would add
    // every version and alias (`:*`) as well.
    iam.Grant.addToPrincipal({
      grantee: adminInvoke,
      actions: ['lambda:InvokeFunction'],
      resourceArns: [admin.function.functionArn],
    });

    new CfnOutput(this, 'AdminInvokePolicyArn', {
      description: 'Attach to the people or roles who manage teams and tokens',
      value: adminInvoke.managedPolicyArn,
    });
    new CfnOutput(this, 'AdminFunctionName', {
      description: 'npm run admin -- --function <this> ...',
      value: admin.function.functionName,
    });
    new CfnOutput(this, 'TokenKeySecretArn', {
      description:
        'Secret holding the token-hashing key (see docs/DEPLOY.md before changing it)',
      value: tokenKey.secretArn,
    });
    new CfnOutput(this, 'TableName', {
      description: 'The DynamoDB table (kept when the stack is deleted)',
      value: table.tableName,
    });
    if (this.scimApi.domain) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: 'Point a CNAME (or Route 53 alias) for the custom domain here',
        value: this.scimApi.domain.domainNameAliasDomainName,
      });
    }
  }
}

/**
 * Grants one access level. Only a level that queries needs the indexes;
 * the others get the table's ARN alone.
 */
function grantTableAccess(table: dynamodb.Table, fn: ScimFunction, access: TableAccess) {
  const actions = TABLE_ACTIONS[access];
  if (actions.length === 0) return;

  if (actions.includes('dynamodb:Query')) {
    table.grant(fn.function, ...actions);
    acknowledgeIndexWildcard(fn, table);
  } else {
    iam.Grant.addToPrincipal({
      grantee: fn.function,
      actions: [...actions],
      resourceArns: [table.tableArn],
    });
  }
}

/**
 * `table.grant` covers the table's indexes as `<table>/index/*`. Every
 * index holds only this table's items, and the grant lists exact actions.
 */
function acknowledgeIndexWildcard(fn: ScimFunction, table: dynamodb.Table): void {
  const stack = Stack.of(table);
  const tableId = stack.getLogicalId(table.node.defaultChild as dynamodb.CfnTable);
  Validations.of(fn.function.role ?? fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
    reason:
      "Queries use the table's secondary indexes (userName, externalId, e-mail, group look-ups); the wildcard covers exactly this table's indexes, with exact actions",
  });
}

/** Refuses provisioned concurrency for a function the stack does not have. */
function checkProvisionedConcurrency(
  settings: ScimStackProps['provisionedConcurrency'],
): void {
  const known: string[] = [...handlerNames(), AUTHORIZER_HANDLER];
  for (const name of Object.keys(settings ?? {})) {
    if (!known.includes(name)) {
      throw new Error(
        `provisionedConcurrency names ${name}, which is not a function of this stack; use one of ${known.join(', ')}`,
      );
    }
  }
}

/** Construct id of a function: `users` -> `UsersFunction`, `resource-types` -> `ResourceTypesFunction`. */
function functionId(name: string): string {
  const pascal = name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}Function`;
}
