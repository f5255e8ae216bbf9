import { parseFilter } from '../../../lambdas/scim/filter/parse-filter';
import { planUserFilter } from '../../../lambdas/scim/filter/plan-user-filter';

const plan = (filter: string) => planUserFilter(parseFilter(filter));

describe('planUserFilter', () => {
  it.each([
    ['userName eq "a@b.c"', { by: 'userName', value: 'a@b.c' }],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a@b.c"',
      { by: 'userName', value: 'a@b.c' },
    ],
    ['externalId eq jyoung', { by: 'externalId', value: 'jyoung' }],
    ['externalId eq 12345', { by: 'externalId', value: '12345' }],
    ['id eq "u1"', { by: 'id', value: 'u1' }],
    ['emails[type eq "work"].value eq "A@B.C"', { by: 'workEmail', value: 'A@B.C' }],
    ['emails[value eq "a@b.c" and type eq "Work"]', { by: 'workEmail', value: 'a@b.c' }],
    ['id eq "u1" and manager eq "m1"', { by: 'id', value: 'u1' }],
    ['externalId eq "e" and userName eq "a@b.c"', { by: 'userName', value: 'a@b.c' }],
    ['active eq true and externalId eq "e"', { by: 'externalId', value: 'e' }],
  ])('looks %s up by key', (filter, lookup) => {
    expect(plan(filter)).toEqual({ kind: 'lookup', lookup });
  });

  it.each([
    'userName ne "a@b.c"',
    'userName sw "a"',
    'userName eq "a" or userName eq "b"',
    'not (userName eq "a")',
    'emails[type eq "home"].value eq "a@b.c"',
    'emails.value eq "a@b.c"',
    'title eq "x"',
    'active eq true',
    'department eq "x"',
  ])('answers %s by reading the team', (filter) => {
    expect(plan(filter)).toEqual({ kind: 'scan' });
  });
});
