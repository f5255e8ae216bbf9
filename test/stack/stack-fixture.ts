import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

import { ScimStack, type ScimStackProps } from '../../lib/scim-stack';

/** A fixed environment, so tests never look for credentials or a region. */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' } as const;

/** A synthesised stack and its template. */
export interface StackFixture {
  readonly stack: ScimStack;
  readonly template: Template;
}

/**
 * Builds and synthesises one ScimStack. With `bundle: false` the functions'
 * code is not bundled (CDK's `aws:cdk:bundling-stacks` context), which
 * keeps tests about the template alone fast; the main stack test bundles.
 */
export function buildStack(
  props: Omit<ScimStackProps, 'env'> = {},
  options: { readonly bundle: boolean } = { bundle: false },
): StackFixture {
  const app = new App({
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new ScimStack(app, 'ScimTest', { ...props, env: TEST_ENV });
  return { stack, template: Template.fromStack(stack) };
}

/** The CloudFormation logical id of a construct's L1 resource. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(resource as never);
}

type Json = Record<string, unknown>;

/** One API method as the template declares it. */
export interface TemplateMethod {
  readonly httpMethod: string;
  /** Full resource path, such as `/scim/v2/Users/{id}`. */
  readonly path: string;
  readonly properties: Json;
  /** Logical id of the function or alias the Lambda integration invokes. */
  readonly target: string | undefined;
}

/** Every method of the template's REST API, with its full path rebuilt from the resources. */
export function templateMethods(template: Template): TemplateMethod[] {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const properties = resources[id]?.Properties as Json;
    const parent = properties.ParentId as Json;
    const parentPath = 'Ref' in parent ? pathOf(parent.Ref as string) : '';
    return `${parentPath}/${String(properties.PathPart)}`;
  };

  return Object.values(template.findResources('AWS::ApiGateway::Method')).map(
    (resource) => {
      const properties = resource.Properties as Json;
      const resourceId = properties.ResourceId as Json;
      return {
        httpMethod: String(properties.HttpMethod),
        path: 'Ref' in resourceId ? pathOf(resourceId.Ref as string) : '/',
        properties,
        target: integrationTarget((properties.Integration as Json | undefined)?.Uri),
      };
    },
  );
}

/** Finds the function (Fn::GetAtt) or alias (Ref) inside an integration URI. */
function integrationTarget(uri: unknown): string | undefined {
  if (Array.isArray(uri)) {
    for (const part of uri) {
      const found = integrationTarget(part);
      if (found) return found;
    }
    return undefined;
  }
  if (uri === null || typeof uri !== 'object') return undefined;

  const value = uri as Json;
  if (Array.isArray(value['Fn::GetAtt'])) return String(value['Fn::GetAtt'][0]);
  if (typeof value.Ref === 'string' && !value.Ref.startsWith('AWS::')) return value.Ref;
  return integrationTarget(Object.values(value));
}

/** IAM policy statements attached to a role, flattened. */
export function roleStatements(template: Template, roleLogicalId: string): Json[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      ((policy.Properties as Json).Roles as Json[]).some(
        (role) => role.Ref === roleLogicalId,
      ),
    )
    .flatMap(
      (policy) =>
        ((policy.Properties as Json).PolicyDocument as { Statement: Json[] }).Statement,
    );
}

/** A statement's actions as an array. */
export function actionsOf(statement: Json): string[] {
  const action = statement.Action;
  return Array.isArray(action) ? action.map(String) : [String(action)];
}

/** A statement's resources as an array. */
export function resourcesOf(statement: Json): unknown[] {
  const resource = statement.Resource;
  return Array.isArray(resource) ? resource : [resource];
}
