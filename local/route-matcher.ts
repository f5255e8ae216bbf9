import type { HttpMethod, Route } from '../lib/routes';

/** A route that matched a request, with its decoded path parameters. */
export interface RouteMatch {
  readonly route: Route;
  readonly pathParameters: Record<string, string> | null;
}

interface CompiledRoute {
  readonly route: Route;
  readonly pattern: RegExp;
  readonly names: string[];
}

/**
 * Matches request paths against the route table the way API Gateway
 * does: literal segments exactly, `{name}` as one whole segment.
 */
export class RouteMatcher {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          const parameter = /^\{(\w+)\}$/.exec(segment);
          if (!parameter?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(parameter[1]);
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
    // API Gateway prefers a literal segment over a {parameter} at the same
    // place: POST /Users/.search is the .search resource, not /Users/{id}.
    this.compiled.sort((a, b) => specificity(a.route.path, b.route.path));
  }

  /** The route serving `method` on `path`, or undefined (API Gateway's "missing authentication token"). */
  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(path);
      if (!found) continue;
      // The most specific resource answers; a method it lacks is not routed elsewhere.
      if (!route.methods.includes(method as HttpMethod)) return undefined;

      if (names.length === 0) return { route, pathParameters: null };
      const pathParameters: Record<string, string> = {};
      names.forEach((name, index) => {
        pathParameters[name] = safeDecode(found[index + 1] ?? '');
      });
      return { route, pathParameters };
    }
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Orders paths so that, segment by segment, a literal comes before a `{parameter}`. */
function specificity(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const leftIsParameter = /^\{\w+\}$/.test(left[index] ?? '');
    const rightIsParameter = /^\{\w+\}$/.test(right[index] ?? '');
    if (leftIsParameter !== rightIsParameter) return leftIsParameter ? 1 : -1;
  }
  return 0;
}
