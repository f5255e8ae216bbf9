import fc from 'fast-check';

import { ScimError } from '../../../lambdas/scim/errors';
import type { JsonObject } from '../../../lambdas/scim/normalize';
import { applyPatch } from '../../../lambdas/scim/patch/apply-patch';
import {
  parsePatchBody,
  type PatchOperation,
} from '../../../lambdas/scim/patch/parse-patch';
import {
  USER_RESOURCE_SCHEMA,
  type ResourceSchema,
} from '../../../lambdas/scim/resource-schema';
import { GROUP_SCHEMA, GROUP_SCHEMA_DEFINITION } from '../../../lambdas/scim/schemas';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP: ResourceSchema = { core: GROUP_SCHEMA_DEFINITION, extensions: [] };

const user: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 'u1',
  userName: 'ann@example.com',
  name: { givenName: 'Ann', familyName: 'Lee' },
  title: 'Engineer',
  active: true,
  emails: [
    { value: 'ann@example.com', type: 'work', primary: true },
    { value: 'ann@home.example', type: 'home' },
  ],
  meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', version: 'W/"1"' },
};

const group: JsonObject = {
  schemas: [GROUP_SCHEMA],
  id: 'admin',
  displayName: 'admin',
  members: [{ value: 'a' }, { value: 'b' }],
};

const apply = (
  resource: JsonObject,
  operations: unknown[],
  schema = USER_RESOURCE_SCHEMA,
) => applyPatch(resource, parsePatchBody({ Operations: operations }), schema);

describe('applyPatch on users', () => {
  it('does not change its input', () => {
    const copy = structuredClone(user);

    apply(user, [{ op: 'remove', path: 'emails' }]);

    expect(user).toEqual(copy);
  });

  it('adds to a multi-valued attribute without duplicating an element', () => {
    const result = apply(user, [
      {
        op: 'add',
        path: 'emails',
        value: [
          { value: 'ANN@example.com', type: 'work' },
          { value: 'x@y.z', type: 'other' },
        ],
      },
    ]);

    expect(result.emails).toEqual([
      { value: 'ANN@example.com', type: 'work', primary: true },
      { value: 'ann@home.example', type: 'home' },
      { value: 'x@y.z', type: 'other' },
    ]);
  });

  it('makes the element set primary the only primary one', () => {
    const result = apply(user, [
      { op: 'replace', path: 'emails[type eq "home"].primary', value: 'True' },
    ]);

    expect(result.emails).toEqual([
      { value: 'ann@example.com', type: 'work', primary: false },
      { value: 'ann@home.example', type: 'home', primary: true },
    ]);
  });

  it('merges a complex value into the attribute and replaces a multi-valued one', () => {
    const result = apply(user, [
      { op: 'replace', path: 'name', value: { middleName: 'Q' } },
      { op: 'replace', path: 'emails', value: { value: 'only@example.com' } },
    ]);

    expect(result.name).toEqual({ givenName: 'Ann', familyName: 'Lee', middleName: 'Q' });
    expect(result.emails).toEqual([{ value: 'only@example.com' }]);
  });

  it('adds a whole extension given by its URN and removes it the same way', () => {
    const added = apply(user, [
      { op: 'add', value: { [ENTERPRISE]: { Department: 'Ops', manager: 'm1' } } },
    ]);
    const removed = apply(added, [{ op: 'remove', path: ENTERPRISE }]);

    expect(added[ENTERPRISE]).toEqual({ department: 'Ops', manager: { value: 'm1' } });
    expect(removed[ENTERPRISE]).toBeUndefined();
  });

  it('ignores attributes the schema does not define', () => {
    const result = apply(user, [
      { op: 'add', path: 'ims[type eq "xmpp"].value', value: 'x' },
      { op: 'replace', value: { nosuch: 1, title: 'Lead' } },
    ]);

    expect(result).toEqual({ ...user, title: 'Lead' });
  });

  it('answers noTarget when a filter that matches nothing cannot describe an element', () => {
    expect(() =>
      apply(user, [{ op: 'add', path: 'emails[value co "z"].type', value: 'work' }]),
    ).toThrow(expect.objectContaining({ status: 400, scimType: 'noTarget' }));
  });

  it('answers mutability for changed read-only values and ignores unchanged ones', () => {
    expect(
      apply(user, [{ op: 'replace', value: { id: 'u1', meta: user.meta } }]),
    ).toEqual(user);
    expect(() => apply(user, [{ op: 'remove', path: 'meta' }])).toThrow(
      expect.objectContaining({ scimType: 'mutability' }),
    );
    expect(() =>
      apply(user, [{ op: 'add', path: 'groups', value: [{ value: 'admin' }] }]),
    ).toThrow(expect.objectContaining({ scimType: 'mutability' }));
  });
});

describe('applyPatch on groups (the engine is generic over the schema)', () => {
  it('adds members idempotently', () => {
    const result = apply(
      group,
      [{ op: 'Add', path: 'members', value: [{ value: 'b' }, { value: 'c' }] }],
      GROUP,
    );

    expect(result.members).toEqual([{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
  });

  it('removes only the listed members when a remove carries a value (Entra)', () => {
    const result = apply(
      group,
      [{ op: 'Remove', path: 'members', value: [{ value: 'a' }, { value: 'zz' }] }],
      GROUP,
    );

    expect(result.members).toEqual([{ value: 'b' }]);
  });

  it('removes members by value filter, and succeeds when the filter matches nothing', () => {
    const one = apply(group, [{ op: 'remove', path: 'members[value eq "b"]' }], GROUP);
    const none = apply(group, [{ op: 'remove', path: 'members[value eq "zz"]' }], GROUP);

    expect(one.members).toEqual([{ value: 'a' }]);
    expect(none).toEqual(group);
  });

  it('applies Okta’s path-less replace of id, displayName and members', () => {
    const result = apply(
      group,
      [
        {
          op: 'replace',
          value: {
            id: 'admin',
            displayName: 'admin',
            members: [{ value: 'c', display: 'C' }],
          },
        },
      ],
      GROUP,
    );

    expect(result.members).toEqual([{ value: 'c', display: 'C' }]);
  });

  it('reads Entra’s members with "$ref": null and Okta’s clearing replace (IDP-TRAFFIC H47, H48)', () => {
    const added = apply(
      group,
      [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'c' }] }],
      GROUP,
    );
    const cleared = apply(
      group,
      [{ op: 'replace', value: { members: [], id: 'admin', displayName: 'admin' } }],
      GROUP,
    );

    expect(added.members).toEqual([{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    expect(cleared.members).toBeUndefined();
  });

  it('refuses to rename a group: displayName is immutable', () => {
    expect(() =>
      apply(group, [{ op: 'replace', path: 'displayName', value: 'root' }], GROUP),
    ).toThrow(expect.objectContaining({ status: 400, scimType: 'mutability' }));
  });
});

/** Reads the value a path designates, for building inverse operations. */
function read(resource: JsonObject, path: string): unknown {
  if (path === 'emails[type eq "work"].value') {
    const emails = resource.emails as JsonObject[] | undefined;
    return emails?.find((email) => email.type === 'work')?.value;
  }
  if (path.startsWith(`${ENTERPRISE}:`)) {
    const extension = resource[ENTERPRISE] as JsonObject | undefined;
    return extension?.[path.slice(ENTERPRISE.length + 1)];
  }
  const [top, sub] = path.split('.') as [string, string | undefined];
  const value = resource[top];
  return sub === undefined ? value : (value as JsonObject | undefined)?.[sub];
}

const stringPaths = [
  'displayName',
  'title',
  'nickName',
  'name.givenName',
  'name.middleName',
  'emails[type eq "work"].value',
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:employeeNumber`,
];

const operation = fc.oneof(
  fc.record({
    op: fc.constantFrom('add', 'replace') as fc.Arbitrary<'add' | 'replace'>,
    path: fc.constantFrom(...stringPaths),
    value: fc.string({ minLength: 1 }),
  }),
  fc.record({
    op: fc.constantFrom('add', 'replace') as fc.Arbitrary<'add' | 'replace'>,
    path: fc.constant('active'),
    value: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('remove') as fc.Arbitrary<'remove'>,
    path: fc.constantFrom(
      'title',
      'name.middleName',
      'nickName',
      `${ENTERPRISE}:department`,
    ),
  }),
);

describe('applyPatch properties', () => {
  it('returns the original after a PATCH and its inverse', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 6 }), (operations) => {
        let state = user;
        const inverses: PatchOperation[] = [];
        for (const op of operations as PatchOperation[]) {
          const path = op.path as string;
          const before = read(state, path);
          inverses.unshift(
            before === undefined
              ? { op: 'remove', path }
              : { op: 'replace', path, value: before },
          );
          state = applyPatch(state, [op], USER_RESOURCE_SCHEMA);
        }

        expect(applyPatch(state, inverses, USER_RESOURCE_SCHEMA)).toEqual(user);
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but a ScimError on any PatchOp body', () => {
    const path = fc.oneof(
      fc.constantFrom(
        'title',
        'emails[type eq "work"].value',
        'members[value eq "a"]',
        'manager',
        'name.x',
        'meta.created',
        ENTERPRISE,
        `${ENTERPRISE}:manager`,
        'emails[',
        ']',
        'a.b.c',
        '',
        'members',
      ),
      fc.string({ maxLength: 30 }),
    );
    const op = fc.record(
      {
        op: fc.oneof(
          fc.constantFrom('add', 'Replace', 'REMOVE'),
          fc.string({ maxLength: 8 }),
          fc.integer(),
        ),
        path,
        value: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 4 }),
        fc.constantFrom(USER_RESOURCE_SCHEMA, GROUP),
        (operations, schema) => {
          try {
            applyPatch(
              schema === GROUP ? group : user,
              parsePatchBody({ Operations: operations }),
              schema,
            );
          } catch (error) {
            expect(error).toBeInstanceOf(ScimError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
