/** One HTTP request of the benchmark, relative to a SCIM base URL. */
export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the SCIM base, such as `/Users/123`. */
  readonly path: string;
  /** Query parameters, encoded when the URL is built. */
  readonly query?: Readonly<Record<string, string>>;
  /** JSON body. */
  readonly body?: unknown;
}

/** A request ready for the wire: absolute URL, headers and body text. */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Builds the wire form of `spec` against `baseUrl` with a bearer token. */
export function toWire(spec: RequestSpec, baseUrl: string, token: string): WireRequest {
  const query = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : '';
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (spec.body === undefined)
    return { method: spec.method, url: `${baseUrl}${spec.path}${query}`, headers };

  headers['Content-Type'] = 'application/scim+json';
  return {
    method: spec.method,
    url: `${baseUrl}${spec.path}${query}`,
    headers,
    body: JSON.stringify(spec.body),
  };
}
