import { startLocalService, type LocalService } from '../../local/local-service';

/** A local service for a test file, with one token for team `default`. */
export interface TestServer {
  readonly service: LocalService;
  readonly baseUrl: string;
  readonly token: string;
  /** Log lines the gateway wrote. */
  readonly logs: string[];
  /** fetch against the SCIM base URL with the token, JSON in and out. */
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /**
   * POST /Users with {@link userBody} (and `overrides`), with another token
   * if given; throws unless the answer is 201. Resolves to the created user.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  createUser(overrides?: Record<string, unknown>, token?: string): Promise<any>;
}

/** Options of {@link TestServer.request}. */
export interface RequestOptions {
  readonly body?: unknown;
  /** Raw body text, sent as is (wins over `body`). */
  readonly rawBody?: string | Buffer;
  readonly headers?: Record<string, string>;
  /** Token to send instead of the test server's; null sends none. */
  readonly token?: string | null;
}

/** A response with its body parsed when it is JSON. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  readonly json: any;
}

/** What a test file's servers logged, answered and were trusted with; checked after its tests. */
export interface ServerRecord {
  readonly logs: string[];
  readonly responses: string[];
  /** Tokens issued and passwords sent: none may ever appear in a log or a later answer. */
  readonly tokens: string[];
  readonly passwords: string[];
  readonly service: LocalService;
  readonly expectServerErrors: boolean;
}

/** Every server started in this test file (see test/support/after-each-file.ts). */
export const startedServers: ServerRecord[] = [];

/**
 * Starts an in-memory local service on a free port. Call `service.close` in
 * afterAll. Unless `expectServerErrors` is set, any 5xx the server answers
 * fails the test file (see test/support/after-each-file.ts).
 */
export async function startTestServer(
  options: { expectServerErrors?: boolean } = {},
): Promise<TestServer> {
  const logs: string[] = [];
  const started = await startLocalService({
    port: 0,
    memory: true,
    log: (line) => logs.push(line),
  });
  const record: ServerRecord = {
    logs,
    responses: [],
    tokens: [],
    passwords: [],
    service: started,
    expectServerErrors: options.expectServerErrors ?? false,
  };
  startedServers.push(record);
  const service: LocalService = {
    ...started,
    issueToken: async (teamName, tokenName) => {
      const issued = await started.issueToken(teamName, tokenName);
      record.tokens.push(issued);
      return issued;
    },
  };
  const token = await service.issueToken('default', 'test');

  const request = async (method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? tokenOf() : options.token;
    if (token !== null && token !== undefined && !('Authorization' in headers)) {
      headers.Authorization = `Bearer ${token}`;
    }
    let body: string | Buffer | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/scim+json';
    }

    if (typeof body === 'string') record.passwords.push(...passwordsIn(body));

    const url = path.startsWith('http') ? path : `${service.baseUrl}${path}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    record.responses.push(text);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  const tokenOf = () => token;

  const createUser = async (overrides: Record<string, unknown> = {}, as?: string) => {
    const response = await request('POST', '/Users', {
      body: userBody(overrides),
      ...(as ? { token: as } : {}),
    });
    if (response.status !== 201) {
      throw new Error(`POST /Users answered ${response.status}: ${response.text}`);
    }
    return response.json;
  };

  return { service, baseUrl: service.baseUrl, token, logs, request, createUser };
}

/** Values of `password` members anywhere in a JSON text (short ones would match by chance). */
function passwordsIn(text: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (
          key.toLowerCase() === 'password' &&
          typeof inner === 'string' &&
          inner.length >= 6
        ) {
          found.push(inner);
        } else visit(inner);
      }
    }
  };
  try {
    visit(JSON.parse(text));
  } catch {
    // Not JSON: nothing to find.
  }
  return found;
}

/** A valid user body with a unique userName. */
export function userBody(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const suffix = Math.random().toString(36).slice(2, 10);
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `user.${suffix}@example.com`,
    name: { givenName: 'Given', familyName: `Family${suffix}` },
    emails: [{ primary: true, value: `user.${suffix}@example.com`, type: 'work' }],
    active: true,
    ...overrides,
  };
}
