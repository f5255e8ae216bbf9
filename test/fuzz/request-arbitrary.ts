import fc from 'fast-check';

import { ROUTES, SCIM_BASE_PATH } from '../../lib/routes';
import { COMPARISON_OPERATORS } from '../../lambdas/scim/filter/parse-filter';

/** One generated HTTP request against the SCIM API. */
export interface FuzzRequest {
  readonly method: string;
  /** Path and query, below the server's origin. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Ids and names that exist in the fuzzed team, so requests reach real resources too. */
export interface FuzzTargets {
  readonly ids: readonly string[];
  readonly userNames: readonly string[];
  readonly token: string;
}

const ATTRIBUTES = [
  'userName',
  'USERNAME',
  'externalId',
  'id',
  'displayName',
  'active',
  'title',
  'name.givenName',
  'name.familyName',
  'emails',
  'emails.value',
  'emails.type',
  'meta.created',
  'meta.lastModified',
  'members',
  'members.value',
  'groups',
  'roles',
  'manager',
  'urn:ietf:params:scim:schemas:core:2.0:User:userName',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
  'nope',
  'a.b.c.d',
];
// Every operator, two spellings in other cases, and one that is none.
const OPERATORS = [...COMPARISON_OPERATORS, 'EQ', 'Eq', 'xx'];

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '\\',
    '\u0000',
    '%',
    '%zz',
    '..',
    '../..',
    '+',
    '[',
    ']',
    '(',
    ')',
    'null',
    'true',
  ),
  fc.string({ minLength: 500, maxLength: 3000 }),
);

const value = (targets: FuzzTargets) =>
  fc.oneof(
    fc.constantFrom(...targets.ids, ...targets.userNames).map((v) => JSON.stringify(v)),
    fc.constantFrom('true', 'false', 'null', '42', '-1.5', '"2026-01-01T00:00:00Z"'),
    weird.map((v) => JSON.stringify(v)),
    weird,
  );

const filter = (targets: FuzzTargets): fc.Arbitrary<string> =>
  fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc
        .tuple(
          fc.constantFrom(...ATTRIBUTES),
          fc.constantFrom(...OPERATORS),
          value(targets),
        )
        .map(([attribute, operator, v]) => `${attribute} ${operator} ${v}`),
      fc.constantFrom(...ATTRIBUTES).map((attribute) => `${attribute} pr`),
      fc
        .tuple(tie('expr'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('expr'))
        .map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('expr').map((e) => `not (${e})`),
      tie('expr').map((e) => `(${e})`),
      fc
        .tuple(
          fc.constantFrom('emails', 'members', 'phoneNumbers', 'userName'),
          tie('expr'),
        )
        .map(([attribute, e]) => `${attribute}[${e}]`),
      weird,
    ),
  })).expr;

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('', '{', '[', 'null', '"x"', '{"a":}', '\u0000'),
  fc
    .integer({ min: 100, max: 5000 })
    .map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc
    .integer({ min: 100, max: 5000 })
    .map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.integer({ min: 1000, max: 20000 }).map((n) =>
    JSON.stringify({
      userName: 'big@example.com',
      name: { givenName: 'a', familyName: 'b' },
      emails: Array.from({ length: n }, (_, i) => ({ value: `e${i}@x.y` })),
    }),
  ),
);

const userLike = (targets: FuzzTargets) =>
  fc
    .record(
      {
        schemas: fc.oneof(
          fc.constant(['urn:ietf:params:scim:schemas:core:2.0:User']),
          fc.jsonValue(),
        ),
        userName: fc.oneof(
          fc.emailAddress(),
          fc.constantFrom(...targets.userNames),
          fc.jsonValue(),
        ),
        name: fc.oneof(
          fc.record({ givenName: fc.string(), familyName: fc.string() }),
          fc.jsonValue(),
        ),
        active: fc.oneof(
          fc.boolean(),
          fc.constantFrom('True', 'FALSE', 'yes'),
          fc.jsonValue(),
        ),
        emails: fc.oneof(
          fc.array(
            fc.record({ value: fc.string(), type: fc.string(), primary: fc.jsonValue() }),
          ),
          fc.jsonValue(),
        ),
        externalId: fc.oneof(fc.string(), fc.jsonValue()),
        id: fc.constantFrom(...targets.ids),
        meta: fc.jsonValue(),
        groups: fc.jsonValue(),
        password: fc.string(),
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': fc.oneof(
          fc.record({
            manager: fc.oneof(fc.string(), fc.record({ value: fc.string() })),
            department: fc.jsonValue(),
          }),
          fc.jsonValue(),
        ),
        members: fc.array(
          fc.record({ value: fc.oneof(fc.constantFrom(...targets.ids), fc.string()) }),
        ),
        displayName: fc.oneof(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v));

const patchBody = (targets: FuzzTargets) =>
  fc
    .record({
      schemas: fc.oneof(
        fc.constant(['urn:ietf:params:scim:api:messages:2.0:PatchOp']),
        fc.jsonValue(),
      ),
      Operations: fc.oneof(
        fc.array(
          fc.record(
            {
              op: fc.constantFrom(
                'add',
                'Add',
                'replace',
                'Replace',
                'remove',
                'REMOVE',
                'move',
                '',
              ),
              path: fc.oneof(fc.constantFrom(...ATTRIBUTES), filter(targets), weird),
              value: fc.oneof(
                fc.jsonValue({ maxDepth: 3 }),
                fc.constantFrom('True', 'False'),
                fc.record({
                  active: fc.jsonValue(),
                  'name.givenName': fc.jsonValue(),
                  id: fc.constantFrom(...targets.ids),
                }),
                fc.array(
                  fc.record({
                    value: fc.oneof(fc.constantFrom(...targets.ids), fc.string()),
                  }),
                ),
              ),
            },
            { requiredKeys: ['op'] },
          ),
          { maxLength: 6 },
        ),
        fc.jsonValue(),
      ),
    })
    .map((v) => JSON.stringify(v));

const queryString = (targets: FuzzTargets) =>
  fc
    .record(
      {
        filter: filter(targets),
        startIndex: fc.oneof(fc.integer().map(String), weird),
        count: fc.oneof(fc.integer({ min: -5, max: 100000 }).map(String), weird),
        attributes: fc.oneof(fc.constantFrom(...ATTRIBUTES), weird),
        excludedAttributes: fc.oneof(fc.constantFrom(...ATTRIBUTES), weird),
        cursor: fc.oneof(fc.constant(''), weird),
        sortBy: fc.constantFrom(...ATTRIBUTES),
      },
      { requiredKeys: [] },
    )
    .map((params) => {
      const search = new URLSearchParams(params as Record<string, string>).toString();
      return search ? `?${search}` : '';
    });

/** Any request the SCIM API might receive: well-formed, malformed or hostile. */
export function fuzzRequest(targets: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  const anyMethod = fc.constantFrom(
    'GET',
    'POST',
    'PUT',
    'PATCH',
    'DELETE',
    'HEAD',
    'OPTIONS',
  );
  const id = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...targets.ids) },
    { weight: 1, arbitrary: fc.constantFrom('.search', 'admin', 'user', 'readonly') },
    { weight: 2, arbitrary: weird },
  );
  const target = fc.oneof(
    {
      weight: 9,
      arbitrary: fc.constantFrom(...ROUTES).chain((route) =>
        fc.record({
          method: fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom(...route.methods) },
            { weight: 1, arbitrary: anyMethod },
          ),
          path: id.map((value) => route.path.replace('{id}', encodeURIComponent(value))),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        method: anyMethod,
        path: weird.map((p) => `${SCIM_BASE_PATH}/${encodeURIComponent(p)}`),
      }),
    },
  );

  return fc
    .record({
      target,
      query: queryString(targets),
      contentType: fc.constantFrom(
        'application/scim+json',
        'application/json',
        'application/scim+json; charset=utf-8',
        'application/xml',
        'text/plain',
        '',
        'application/json; charset=latin1',
      ),
      authorization: fc.oneof(
        { weight: 12, arbitrary: fc.constant(`Bearer ${targets.token}`) },
        { weight: 1, arbitrary: fc.constant(`bearer   ${targets.token}`) },
        { weight: 1, arbitrary: weird },
      ),
      ifMatch: fc.option(fc.oneof(fc.constantFrom('W/"1"', '"2"', '*'), weird), {
        nil: undefined,
      }),
      body: fc.option(fc.oneof(userLike(targets), patchBody(targets), jsonBody, weird), {
        nil: undefined,
        freq: 4,
      }),
    })
    .map(
      ({
        target: { method, path: p },
        query,
        contentType,
        authorization,
        ifMatch,
        body,
      }) => {
        const headers: Record<string, string> = {};
        if (contentType) headers['Content-Type'] = contentType;
        if (isHeaderSafe(authorization)) headers.Authorization = authorization;
        if (ifMatch !== undefined && isHeaderSafe(ifMatch)) headers['If-Match'] = ifMatch;
        const sendsBody = method !== 'GET' && method !== 'HEAD' && body !== undefined;
        return { method, url: `${p}${query}`, headers, ...(sendsBody ? { body } : {}) };
      },
    );
}

/** fetch refuses header values with control or non-Latin-1 characters; the wire would too. */
function isHeaderSafe(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value) && value.trim() === value;
}
