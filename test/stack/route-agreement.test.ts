import type { Template } from 'aws-cdk-lib/assertions';

import { RouteMatcher } from '../../local/route-matcher';
import { ROUTES, type HttpMethod } from '../../lib/routes';
import type { ScimStack } from '../../lib/scim-stack';
import { buildStack, logicalIdOf, templateMethods } from './stack-fixture';

const ALL_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

let stack: ScimStack;
let template: Template;

beforeAll(() => {
  ({ stack, template } = buildStack());
}, 120_000); // synthesis without bundling, still seconds on a busy runner

/** A concrete request path for a route path: every `{param}` becomes a sample id. */
function samplePath(path: string): string {
  return path.replace(/\{\w+\}/g, '0190d6c2-7b1e-7c3a-9f00-123456789abc');
}

describe('the route table, the local server and the deployed API agree', () => {
  it('the template has a method for every route and verb, and none that the route table lacks', () => {
    const fromTemplate = templateMethods(template)
      .map((method) => `${method.httpMethod} ${method.path}`)
      .sort();
    const fromRoutes = ROUTES.flatMap((route) =>
      route.methods.map((method) => `${method} ${route.path}`),
    ).sort();

    expect(fromTemplate).toEqual(fromRoutes);
  });

  it('the local server routes every path and verb to the handler the deployed method invokes', () => {
    const matcher = new RouteMatcher(ROUTES);
    const methods = templateMethods(template);

    for (const route of ROUTES) {
      for (const method of ALL_METHODS) {
        const local = matcher.match(method, samplePath(route.path));
        const deployed = methods.find(
          (m) => m.httpMethod === method && m.path === route.path,
        );

        if (!route.methods.includes(method)) {
          // The local server may still match another route (a literal like
          // /Users/.search beside /Users/{id}), but never this one.
          expect(local?.route).not.toBe(route);
          expect(deployed).toBeUndefined();
          continue;
        }
        expect(local?.route).toBe(route);
        expect(deployed?.target).toBe(
          logicalIdOf(stack.functions.get(route.handler)!.function),
        );
      }
    }
  });

  it('neither answers a path outside the route table', () => {
    const matcher = new RouteMatcher(ROUTES);
    const paths = templateMethods(template).map((method) => method.path);

    for (const path of ['/scim/v2', '/scim/v2/Unknown', '/scim/v2/Users/a/b', '/Users']) {
      expect(ALL_METHODS.map((method) => matcher.match(method, path))).toEqual(
        ALL_METHODS.map(() => undefined),
      );
      expect(paths).not.toContain(path);
    }
  });
});
