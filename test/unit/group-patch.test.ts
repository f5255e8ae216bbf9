import fc from 'fast-check';

import { ScimError } from '../../lambdas/scim/errors';
import { planGroupFilter } from '../../lambdas/scim/group-filter';
import { parseGroupPatch } from '../../lambdas/scim/group-patch';
import { parseGroupPut } from '../../lambdas/scim/group-resource';

function ops(...operations: unknown[]) {
  return { Operations: operations };
}

function membership(body: unknown) {
  const change = parseGroupPatch(body, 'user');
  return { replaceAll: change.replaceAll, members: Object.fromEntries(change.members) };
}

describe('parseGroupPatch', () => {
  it('applies operations in order, the last one on a member winning', () => {
    expect(
      membership(
        ops(
          { op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }] },
          { op: 'remove', path: 'members[value eq "a"]' },
          { op: 'Remove', path: 'members', value: [{ value: 'c' }] },
        ),
      ),
    ).toEqual({ replaceAll: false, members: { a: false, b: true, c: false } });
  });

  it('makes replace, and remove without a value, a whole-membership change', () => {
    expect(
      membership(ops({ op: 'replace', path: 'members', value: [{ value: 'a' }] })),
    ).toEqual({ replaceAll: true, members: { a: true } });
    expect(membership(ops({ op: 'remove', path: 'members' }))).toEqual({
      replaceAll: true,
      members: {},
    });
  });

  it('ignores an unchanged id and displayName in a path-less replace', () => {
    expect(
      membership(
        ops({ op: 'replace', value: { id: 'user', displayName: 'user', members: [] } }),
      ),
    ).toEqual({ replaceAll: true, members: {} });
  });

  it('throws nothing but a SCIM error, whatever the body', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        try {
          parseGroupPatch(body, 'admin');
          parseGroupPatch({ Operations: [body] }, 'admin');
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
        }
      }),
    );
  });
});

describe('parseGroupPut', () => {
  it('empties the group and clears externalId when the body names neither', () => {
    const change = parseGroupPut({ displayName: 'readonly' }, 'readonly');

    expect(change).toEqual({ replaceAll: true, members: new Map(), externalId: null });
  });

  it('throws nothing but a SCIM error, whatever the body', () => {
    fc.assert(
      fc.property(fc.anything(), (body) => {
        try {
          parseGroupPut(body, 'admin');
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
        }
      }),
    );
  });
});

describe('planGroupFilter', () => {
  it('reads the membership check Entra sends into key look-ups', () => {
    expect(planGroupFilter('id eq "admin" and members eq "u1"')).toEqual({
      ids: ['admin'],
      displayNames: [],
      externalIds: [],
      memberIds: ['u1'],
    });
  });

  it('throws nothing but a SCIM error, whatever the filter', () => {
    fc.assert(
      fc.property(fc.string(), (filter) => {
        try {
          planGroupFilter(filter);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
        }
      }),
    );
  });
});
