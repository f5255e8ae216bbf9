import { ScimError } from '../../lambdas/scim/errors';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from '../../lambdas/scim/schemas';
import { parseUserBody, renderUser } from '../../lambdas/scim/user-resource';

const minimal = {
  userName: 'ann@example.com',
  name: { givenName: 'Ann', familyName: 'Lee' },
};

function scimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('parseUserBody', () => {
  it('keeps the attributes of the schema and defaults active to true', () => {
    const parsed = parseUserBody({
      ...minimal,
      emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
      displayName: 'Ann Lee',
    });

    expect(parsed.core).toEqual({
      ...minimal,
      emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
      displayName: 'Ann Lee',
      active: true,
    });
  });

  it('drops the password, read-only attributes and unknown attributes', () => {
    const parsed = parseUserBody({
      ...minimal,
      password: '1mz050nq',
      id: 'client-chosen',
      meta: { resourceType: 'User' },
      groups: [],
      favouriteColour: 'green',
    });

    expect(parsed.core).toEqual({ ...minimal, active: true });
  });

  it('matches attribute names case-insensitively and writes them in schema spelling', () => {
    const parsed = parseUserBody({
      USERNAME: 'ann@example.com',
      Name: { GIVENNAME: 'Ann', familyname: 'Lee' },
    });

    expect(parsed.core.userName).toBe('ann@example.com');
    expect(parsed.core.name).toEqual({ givenName: 'Ann', familyName: 'Lee' });
  });

  it.each([
    ['True', true],
    ['FALSE', false],
    [false, false],
  ])('reads active %p as %p', (active, expected) => {
    expect(parseUserBody({ ...minimal, active }).core.active).toBe(expected);
  });

  it('ignores null values, as the older Entra samples send them', () => {
    const parsed = parseUserBody({ ...minimal, addresses: null, displayName: null });

    expect(parsed.core.displayName).toBeUndefined();
  });

  it('accepts the enterprise extension and a manager given as a plain id', () => {
    const parsed = parseUserBody({
      ...minimal,
      [ENTERPRISE_USER_SCHEMA]: { department: 'R&D', manager: 'boss-id' },
    });

    expect(parsed.enterprise).toEqual({
      department: 'R&D',
      manager: { value: 'boss-id' },
    });
  });

  it.each([
    ['no userName', { name: minimal.name }, 'userName'],
    ['an empty userName', { ...minimal, userName: ' ' }, 'userName'],
    [
      'no givenName',
      { userName: 'a@b.c', name: { familyName: 'Lee' } },
      'name.givenName',
    ],
    [
      'no familyName',
      { userName: 'a@b.c', name: { givenName: 'Ann' } },
      'name.familyName',
    ],
    ['a numeric userName', { ...minimal, userName: 42 }, 'userName'],
    ['active as a number', { ...minimal, active: 1 }, 'active'],
    ['name as a string', { ...minimal, name: 'Ann Lee' }, 'name'],
    [
      'two primary e-mails',
      {
        ...minimal,
        emails: [
          { value: 'a', primary: true },
          { value: 'b', primary: true },
        ],
      },
      'emails',
    ],
    ['externalId as a number', { ...minimal, externalId: 7 }, 'externalId'],
  ])(
    'refuses %s with 400 invalidValue naming the attribute',
    (_label, body, attribute) => {
      const error = scimError(() => parseUserBody(body));

      expect(error.status).toBe(400);
      expect(error.scimType).toBe('invalidValue');
      expect(error.message).toContain(attribute);
    },
  );

  it.each([
    ['a string', 'x'],
    ['an array', []],
    ['null', null],
  ])('refuses a body that is %s with 400 invalidSyntax', (_label, body) => {
    expect(scimError(() => parseUserBody(body)).scimType).toBe('invalidSyntax');
  });
});

describe('renderUser', () => {
  it('adds id, schemas, externalId, meta and the manager reference', () => {
    const resource = renderUser(
      {
        id: 'u1',
        externalId: 'e1',
        core: { ...minimal, active: true },
        enterprise: { manager: { value: 'boss' } },
        version: 3,
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-02T00:00:00.000Z',
      },
      'https://api.example.com/scim/v2',
      'readonly',
    );

    expect(resource).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      id: 'u1',
      externalId: 'e1',
      [ENTERPRISE_USER_SCHEMA]: {
        manager: { value: 'boss', $ref: 'https://api.example.com/scim/v2/Users/boss' },
      },
      meta: {
        resourceType: 'User',
        location: 'https://api.example.com/scim/v2/Users/u1',
        version: 'W/"3"',
      },
    });
  });
});
