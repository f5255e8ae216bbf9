import { attribute, type SchemaDefinition } from './schema-types';

/** URN of the core User schema (RFC 7643 §4.1). */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** URN of the enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_USER_SCHEMA =
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** URN of the core Group schema (RFC 7643 §4.2). */
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** URN of ListResponse (RFC 7644 §3.4.2). */
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const multiValuedWithType = (name: string, description: string, types: string[]) =>
  attribute(name, 'complex', {
    multiValued: true,
    description,
    subAttributes: [
      attribute('value', 'string', { description: `The ${name} value.` }),
      attribute('display', 'string', { description: 'A label for display.' }),
      attribute('type', 'string', {
        description: 'The kind of value.',
        canonicalValues: types,
      }),
      attribute('primary', 'boolean', {
        description: 'Whether this is the primary value.',
      }),
    ],
  });

/**
 * The User schema, limited to the attributes this service stores and
 * returns. Anything else a client sends is ignored (RFC 7644 §3.3 lets a
 * service provider drop attributes it does not define).
 */
export const USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'A user account of the team.',
  attributes: [
    attribute('userName', 'string', {
      description:
        "The user's e-mail address; unique within the team, compared case-insensitively.",
      required: true,
      uniqueness: 'server',
    }),
    attribute('name', 'complex', {
      description: "The components of the user's name.",
      required: true,
      subAttributes: [
        attribute('formatted', 'string', {
          description: 'The full name, formatted for display.',
        }),
        attribute('familyName', 'string', {
          description: 'The family name.',
          required: true,
        }),
        attribute('givenName', 'string', {
          description: 'The given name.',
          required: true,
        }),
        attribute('middleName', 'string', { description: 'The middle name.' }),
        attribute('honorificPrefix', 'string', { description: 'A title, such as "Ms."' }),
        attribute('honorificSuffix', 'string', {
          description: 'A suffix, such as "III".',
        }),
      ],
    }),
    attribute('displayName', 'string', { description: 'The name to display.' }),
    attribute('nickName', 'string', { description: 'A casual name.' }),
    attribute('title', 'string', { description: 'The job title.' }),
    attribute('userType', 'string', {
      description: 'The kind of account, as the IdP labels it.',
    }),
    attribute('preferredLanguage', 'string', {
      description: 'Preferred language, as in HTTP Accept-Language.',
    }),
    attribute('locale', 'string', {
      description: 'Locale for formatting, such as en-US.',
    }),
    attribute('timezone', 'string', { description: 'Time zone, such as Europe/Paris.' }),
    attribute('active', 'boolean', {
      description: 'false deactivates the account: it cannot sign in, its data is kept.',
    }),
    attribute('password', 'string', {
      description:
        'Accepted and discarded: this service never stores or returns passwords.',
      mutability: 'writeOnly',
      returned: 'never',
      caseExact: true,
    }),
    multiValuedWithType('emails', 'E-mail addresses.', ['work', 'home', 'other']),
    multiValuedWithType('phoneNumbers', 'Phone numbers.', [
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]),
    // Entra ID's default mapping sends work addresses; kept so that a GET
    // shows what was sent and Entra does not re-send it every cycle.
    attribute('addresses', 'complex', {
      multiValued: true,
      description: 'Physical mailing addresses.',
      subAttributes: [
        attribute('formatted', 'string', {
          description: 'The full address, for display.',
        }),
        attribute('streetAddress', 'string', { description: 'Street and house number.' }),
        attribute('locality', 'string', { description: 'City or locality.' }),
        attribute('region', 'string', { description: 'State or region.' }),
        attribute('postalCode', 'string', { description: 'Postal code.' }),
        attribute('country', 'string', { description: 'Country, ISO 3166-1 alpha-2.' }),
        attribute('type', 'string', {
          description: 'The kind of address.',
          canonicalValues: ['work', 'home', 'other'],
        }),
        attribute('primary', 'boolean', {
          description: 'Whether this is the primary address.',
        }),
      ],
    }),
    attribute('groups', 'complex', {
      multiValued: true,
      description:
        'The fixed groups (admin, user, readonly) the user is in; changed only through /Groups.',
      mutability: 'readOnly',
      subAttributes: [
        attribute('value', 'string', {
          description: "The group's id.",
          caseExact: true,
          mutability: 'readOnly',
        }),
        attribute('$ref', 'reference', {
          description: "The group's URI.",
          referenceTypes: ['Group'],
          mutability: 'readOnly',
        }),
        attribute('display', 'string', {
          description: "The group's displayName.",
          mutability: 'readOnly',
        }),
        attribute('type', 'string', {
          description: 'Always "direct": groups do not nest.',
          canonicalValues: ['direct'],
          mutability: 'readOnly',
        }),
      ],
    }),
    attribute('roles', 'complex', {
      multiValued: true,
      description:
        "The user's effective role: the highest group the user is in (admin > user > readonly), else the team's default role.",
      mutability: 'readOnly',
      subAttributes: [
        attribute('value', 'string', {
          description: 'admin, user or readonly.',
          canonicalValues: ['admin', 'user', 'readonly'],
          caseExact: true,
          mutability: 'readOnly',
        }),
        attribute('primary', 'boolean', {
          description: 'Always true: a user has exactly one effective role.',
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
};

/** The enterprise User extension (RFC 7643 §4.3). */
export const ENTERPRISE_USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise attributes of a user.',
  attributes: [
    attribute('employeeNumber', 'string', { description: 'The employee number.' }),
    attribute('costCenter', 'string', { description: 'The cost center.' }),
    attribute('organization', 'string', { description: 'The organization.' }),
    attribute('division', 'string', { description: 'The division.' }),
    attribute('department', 'string', { description: 'The department.' }),
    attribute('manager', 'complex', {
      description: "The user's manager.",
      subAttributes: [
        attribute('value', 'string', { description: "The manager's id." }),
        attribute('$ref', 'reference', {
          description: "The manager's URI.",
          referenceTypes: ['User'],
          mutability: 'readOnly',
        }),
        attribute('displayName', 'string', {
          description: "The manager's display name.",
          mutability: 'readOnly',
        }),
      ],
    }),
  ],
};

/**
 * The Group schema (RFC 7643 §4.2) as this service serves it: three fixed
 * groups whose membership is a user's role. `displayName` cannot change.
 */
export const GROUP_SCHEMA_DEFINITION: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description:
    'One of the fixed groups admin, user and readonly; membership decides the role.',
  attributes: [
    attribute('displayName', 'string', {
      description:
        'admin, user or readonly. Fixed: groups cannot be created, renamed or deleted.',
      required: true,
      caseExact: true,
      mutability: 'immutable',
      uniqueness: 'server',
    }),
    attribute('members', 'complex', {
      multiValued: true,
      description:
        'Users in the group. A response lists at most the limit the README states.',
      subAttributes: [
        attribute('value', 'string', {
          description: "The member's user id.",
          caseExact: true,
          mutability: 'immutable',
        }),
        attribute('$ref', 'reference', {
          description: "The member's URI.",
          referenceTypes: ['User'],
          mutability: 'immutable',
        }),
        attribute('type', 'string', {
          description: 'Always "User": groups do not nest.',
          canonicalValues: ['User'],
          mutability: 'immutable',
        }),
        attribute('display', 'string', {
          description: 'Accepted and ignored.',
          mutability: 'immutable',
          returned: 'never',
        }),
      ],
    }),
  ],
};

/** Every schema this service publishes on /Schemas. */
export const SCHEMAS: readonly SchemaDefinition[] = [
  USER_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  GROUP_SCHEMA_DEFINITION,
];

/** A resource type as served on /ResourceTypes (RFC 7643 §6). */
export interface ResourceTypeDefinition {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly description: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { schema: string; required: boolean }[];
}

/** Every resource type this service serves. */
export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [
  {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User accounts of the team.',
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
  },
  {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'The fixed groups admin, user and readonly; membership is the role.',
    schema: GROUP_SCHEMA,
    schemaExtensions: [],
  },
];
