import fc from 'fast-check';

import { ScimError } from '../../../lambdas/scim/errors';
import { compileFilter } from '../../../lambdas/scim/filter/evaluate-filter';
import {
  COMPARISON_OPERATORS,
  parseFilter,
} from '../../../lambdas/scim/filter/parse-filter';
import { USER_RESOURCE_SCHEMA } from '../../../lambdas/scim/resource-schema';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: 'Abc-1',
  externalId: 'Ext-7',
  userName: 'Ann.Lee@Example.com',
  name: { givenName: 'Ann', familyName: 'Lee' },
  title: 'Staff Engineer',
  active: false,
  emails: [
    { value: 'ann@home.example', type: 'home' },
    { value: 'Ann.Lee@Example.com', type: 'work', primary: true },
  ],
  [ENTERPRISE]: { department: 'R&D', manager: { value: 'Mgr-9' } },
  meta: {
    resourceType: 'User',
    created: '2026-01-01T10:00:00.000Z',
    lastModified: '2026-02-01T10:00:00Z',
    version: 'W/"3"',
  },
};

const matches = (filter: string) =>
  compileFilter(parseFilter(filter), USER_RESOURCE_SCHEMA)(user);

describe('compileFilter', () => {
  it.each([
    ['userName eq "ann.lee@example.com"', true],
    ['USERNAME EQ "ANN.LEE@EXAMPLE.COM"', true],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "ann"', true],
    ['id eq "abc-1"', false],
    ['id eq "Abc-1"', true],
    ['externalId eq "ext-7"', false],
    ['externalId eq Ext-7', true],
    ['title co "engineer"', true],
    ['title ew "ENGINEER"', true],
    ['title ne "Staff Engineer"', false],
    ['nickName ne "x"', true],
    ['active eq false', true],
    ['active eq "False"', true],
    ['active eq true', false],
    ['not (active eq true)', true],
    ['emails.value eq "ann@home.example"', true],
    ['emails[type eq "work"].value eq "ann.lee@example.com"', true],
    ['emails[type eq "work"].value eq "ann@home.example"', false],
    ['emails[type eq "home" and value co "home"]', true],
    ['emails[primary eq true].value pr', true],
    ['emails pr', true],
    ['phoneNumbers pr', false],
    ['nickName pr', false],
    ['name.givenName eq "ann" and name.familyName eq "LEE"', true],
    ['title pr or nickName pr', true],
    ['department eq "r&d"', true],
    [`${ENTERPRISE}:department eq "R&D"`, true],
    ['manager eq "Mgr-9"', true],
    ['manager.value eq "mgr-9"', true],
    ['meta.created lt "2026-01-01T11:00:00+01:00"', false],
    ['meta.created le "2026-01-01T11:00:00+01:00"', true],
    ['meta.lastModified gt "2026-01-31T00:00:00Z"', true],
    ['userName gt "a" and userName lt "b"', true],
    ['nickName eq null', true],
  ])('%s is %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each([
    'nosuch eq "x"',
    'name eq "x"',
    'active gt true',
    'active eq "maybe"',
    'title eq true',
    'meta.created gt "yesterday"',
    'meta.created co "2026"',
    'emails[value[type eq "x"]]',
    'userName[type eq "x"]',
    'emails[nosuch eq "x"]',
    'urn:example:unknown:attr eq "x"',
  ])('refuses %s with 400 invalidFilter before reading anything', (filter) => {
    expect(() => compileFilter(parseFilter(filter), USER_RESOURCE_SCHEMA)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidFilter' }),
    );
  });

  it('throws nothing but a ScimError for any parsed filter', () => {
    const paths = fc.constantFrom(
      'userName',
      'active',
      'emails',
      'emails.value',
      'meta.created',
      'name',
      'manager',
      'x',
      'name.nosuch',
    );
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const op = fc.constantFrom(...COMPARISON_OPERATORS, 'pr');
    fc.assert(
      fc.property(paths, op, value, (path, operator, compValue) => {
        const text =
          operator === 'pr'
            ? `${path} pr`
            : `${path} ${operator} ${JSON.stringify(compValue)}`;
        try {
          const predicate = compileFilter(parseFilter(text), USER_RESOURCE_SCHEMA);
          expect(typeof predicate(user)).toBe('boolean');
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
