import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

import { ScimStack, type ScimStackProps } from '../lib/scim-stack';
import { stackPropsFromContext } from '../lib/stack-context';

/**
 * The CDK app: one ScimStack, configured through context values
 * (`cdk deploy -c alarmEmail=ops@example.com`; docs/DEPLOY.md lists them).
 * Synthesis needs no AWS account: without credentials the stack is
 * environment-agnostic.
 */
const app = new App();
const props: ScimStackProps = {
  ...stackPropsFromContext((key) => app.node.tryGetContext(key) as unknown),
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  },
};
const stackName =
  (app.node.tryGetContext('stackName') as string | undefined) ?? 'ServerlessScim';

new ScimStack(app, stackName, props);
// Synthesis fails on any AwsSolutions finding that is not acknowledged with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
