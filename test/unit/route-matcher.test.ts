import type { Route } from '../../lib/routes';
import { ROUTES } from '../../lib/routes';
import { RouteMatcher } from '../../local/route-matcher';

describe('RouteMatcher', () => {
  it('prefers the literal /Users/.search over /Users/{id}, whatever the table order', () => {
    const reversed = [...ROUTES].reverse();

    for (const routes of [ROUTES, reversed]) {
      const match = new RouteMatcher(routes).match('POST', '/scim/v2/Users/.search');
      expect(match?.route.path).toBe('/scim/v2/Users/.search');
      expect(match?.route.handler).toBe('users');
    }
  });

  it('still reads other ids as {id}', () => {
    const match = new RouteMatcher(ROUTES).match('PATCH', '/scim/v2/Users/abc-1');

    expect(match).toMatchObject({
      route: { handler: 'user' },
      pathParameters: { id: 'abc-1' },
    });
  });

  it('does not route a method the most specific resource lacks to a broader one', () => {
    const routes: Route[] = [
      { path: '/a/{id}', methods: ['GET'], handler: 'user' },
      { path: '/a/b', methods: ['POST'], handler: 'users' },
    ];

    expect(new RouteMatcher(routes).match('GET', '/a/b')).toBeUndefined();
    expect(new RouteMatcher(routes).match('GET', '/a/c')?.route.handler).toBe('user');
  });
});
