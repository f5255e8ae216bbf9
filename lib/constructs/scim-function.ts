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
 * Packages a function never loads on Lambda, left out of its bundle. The
 * SDK's default credential chain reads Lambda's environment variables in
 * its first link, and only imports the other links (profile files, SSO,
 * web identity, container and instance metadata, with the STS and SSO
 * clients they use) if that fails; event streams are loaded only by
 * operations DynamoDB does not have. Each of these is reached through a
 * dynamic import, so a bundle without them loads and runs as before, and
 * should one ever be asked for, the nodejs22.x runtime has its own copy of
 * the SDK to resolve it from. Leaving them out takes a third off the
 * bundles and 7–18 ms off their load (`npm run bench`, bundles).
 */
export const NEVER_LOADED_ON_LAMBDA = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
  '@smithy/credential-provider-imds',
  '@smithy/core/event-streams',
];

/**
 * How every function is bundled; the benchmark (bench/bundles.ts) bundles
 * with these same options. `mainFields` puts the ES module builds of the
 * AWS SDK first, which esbuild can tree-shake (the CommonJS builds it
 * cannot): about a third smaller bundles and faster cold starts.
 * `dynamic-import=false` makes esbuild turn the SDK's `import("node:http")`
 * into a `require`. The SDK takes that path only for an `http:` endpoint
 * (the local engine; DynamoDB on AWS is `https:`, loaded up front), where
 * `import()` from a CommonJS bundle first starts Node's ES module loader:
 * 2–4 ms of a local cold start that a function on Lambda never pays.
 */
export const SCIM_BUNDLING = {
  format: OutputFormat.CJS,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  bundleAwsSDK: true,
  externalModules: NEVER_LOADED_ON_LAMBDA,
  esbuildArgs: { '--supported:dynamic-import': 'false' },
} as const satisfies BundlingOptions;

/**
 * Node options of every function. Source maps are built and shipped with
 * each bundle but not turned on: `--enable-source-maps` makes Node read
 * and parse the map as it loads the bundle, 7 ms of every cold start.
 * To read a minified stack trace, set `NODE_OPTIONS=--enable-source-maps`
 * on the function while investigating, or map the trace offline with the
 * `index.js.map` of the function's asset in `cdk.out`.
 */
export const SCIM_NODE_OPTIONS: readonly string[] = [];

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
 * esbuild bundle of one handler module (minified, source maps beside it,
 * the AWS SDK bundled so the function loads only the clients it imports), arm64,
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
        ...(SCIM_NODE_OPTIONS.length > 0
          ? { NODE_OPTIONS: SCIM_NODE_OPTIONS.join(' ') }
          : {}),
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
