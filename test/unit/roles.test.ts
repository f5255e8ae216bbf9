import fc from 'fast-check';

import { effectiveRole, isRole, ROLES, sortRoles } from '../../lambdas/scim/roles';
import type { Role } from '../../lambdas/store/team-store';

const RANK: Record<Role, number> = { admin: 3, user: 2, readonly: 1 };

/** Every subset of the three groups. */
const SUBSETS: Role[][] = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) =>
  ROLES.filter((_role, index) => (bits & (1 << index)) !== 0),
);

describe('effectiveRole', () => {
  for (const defaultRole of ROLES) {
    it.each(SUBSETS.map((groups) => [groups.join('+') || 'no group', groups]))(
      `gives a user in %s the highest group, or ${defaultRole} (the default) when in none`,
      (_label, groups) => {
        const expected =
          groups.length === 0
            ? defaultRole
            : groups.reduce((best, role) => (RANK[role] > RANK[best] ? role : best));

        expect(effectiveRole(groups, defaultRole)).toBe(expected);
      },
    );
  }

  it('does not depend on the order or repetition of the groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ROLES)),
        fc.constantFrom(...ROLES),
        (groups, defaultRole) => {
          const shuffled = [...groups].reverse().concat(groups);
          expect(effectiveRole(shuffled, defaultRole)).toBe(
            effectiveRole(sortRoles(groups), defaultRole),
          );
        },
      ),
    );
  });
});

describe('sortRoles and isRole', () => {
  it('orders roles highest first and drops names that are no role', () => {
    expect(sortRoles(['readonly', 'Admin', 'admin', 'x', 'user', 'admin'])).toEqual([
      'admin',
      'user',
      'readonly',
    ]);
  });

  it('accepts exactly the three role names, case-exactly', () => {
    expect(ROLES.every(isRole)).toBe(true);
    expect(['Admin', 'READONLY', '', 'owner', undefined, 1].some(isRole)).toBe(false);
  });
});
