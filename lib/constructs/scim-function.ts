import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  NodejsFunction,
  OutputFormat,
  type BundlingOptions,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root: bundling resolves entries and the lock file from here. */
const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** Where the handler modules live; each exports `handler`. */
export const HANDLER_DIR = path.join(PROJECT_ROOT, 'lambdas', 'handlers');

/**
 * How every function is bundled; the benchmark (bench/bundles.ts) bundles
 * with these same options. `mainFields` puts the ES module builds of the
 * AWS SDK first, which esbuild can tree-shake (the CommonJS builds it
 * cannot): about a third smaller bundles and faster cold starts.
 */
export const SCIM_BUNDLING = {
  format: OutputFormat.CJS,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  bundleAwsSDK: true,
  externalModules: [],
} as const satisfies BundlingOptions;

/** Props of {@link ScimFunction}. */
export interface ScimFunctionProps {
  /** Module name under `lambdas/handlers/` (without `.ts`); it must export `handler`. */
  readonly handlerName: string;
  /** Environment variables: only what this function reads. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Memory in MB; Lambda gives CPU in proportion, which shortens cold starts. @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds (API Gateway gives up after 29) */
  readonly timeout?: Duration;
  /** How long the function's log group keeps entries. @default one month */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Instances kept initialised through an alias named `live`; API Gateway
   * then invokes the alias. @default none (on demand only)
   */
  readonly provisionedConcurrency?: number;
}

/**
 * One Lambda function of the service, set up the way every function is:
 * esbuild bundle of one handler module (minified, source maps, the AWS
 * SDK bundled so the function loads only the clients it imports), arm64,
 * Node.js 22, its own log group with retention, and a role that can write
 * to that log group and nothing else until the stack grants more.
 */
export class ScimFunction extends Construct {
  /** The function. */
  readonly function: NodejsFunction;
  /** The function's log group. */
  readonly logGroup: logs.LogGroup;
  /** What callers should invoke: the `live` alias with provisioned concurrency, else the function. */
  readonly target: lambda.IFunction;

  constructor(scope: Construct, id: string, props: ScimFunctionProps) {
    super(scope, id);

    const entry = path.join(HANDLER_DIR, `${props.handlerName}.ts`);
    if (!existsSync(entry)) {
      throw new Error(
        `Handler module ${props.handlerName} has no file ${entry}; create it with an exported handler or fix the name in lib/routes.ts`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole, which may
    // create and write any log group in the account.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.handlerName} function`,
    });
    this.logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: `serverless-scim ${props.handlerName}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      awsSdkConnectionReuse: false, // only meaningful for SDK v2; v3 reuses connections itself
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: SCIM_BUNDLING,
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'DESIGN.md fixes nodejs22.x (supported by Lambda until 2027); the runtime is set in this one construct for every function',
    });

    this.target =
      props.provisionedConcurrency !== undefined && props.provisionedConcurrency > 0
        ? new lambda.Alias(this, 'Live', {
            aliasName: 'live',
            version: this.function.currentVersion,
            provisionedConcurrentExecutions: props.provisionedConcurrency,
          })
        : this.function;
  }
}
