import { attribute, findAttribute, type AttributeDefinition } from './schema-types';
import type { SchemaDefinition } from './schema-types';
import { ENTERPRISE_USER_SCHEMA_DEFINITION, USER_SCHEMA_DEFINITION } from './schemas';

/**
 * A resource type's schemas as the filter, PATCH and projection engines
 * see them: the core schema (its attributes sit at the top level of the
 * resource JSON) and its extensions (each under its URN key).
 */
export interface ResourceSchema {
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaDefinition[];
}

/**
 * The attributes every resource has (RFC 7643 §3.1) but no schema lists:
 * `id` and `meta` are read-only, `id` is always returned, `externalId` is
 * case-exact.
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attribute('schemas', 'reference', {
    multiValued: true,
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    referenceTypes: ['uri'],
  }),
  attribute('id', 'string', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', { caseExact: true }),
  attribute('meta', 'complex', {
    mutability: 'readOnly',
    subAttributes: [
      attribute('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attribute('location', 'reference', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attribute('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

/** The User resource type: core User schema plus the enterprise extension. */
export const USER_RESOURCE_SCHEMA: ResourceSchema = {
  core: USER_SCHEMA_DEFINITION,
  extensions: [ENTERPRISE_USER_SCHEMA_DEFINITION],
};

/** Where an attribute lives: the top level (core and common) or an extension's URN key. */
export interface AttributeLocation {
  /** The extension schema, or undefined for core and common attributes. */
  readonly extension?: SchemaDefinition;
  readonly attribute: AttributeDefinition;
}

/** The top-level attributes of the core schema, then the common ones. */
export function topLevelAttributes(schema: ResourceSchema): AttributeDefinition[] {
  return [...COMMON_ATTRIBUTES, ...schema.core.attributes];
}

/**
 * Finds an attribute by name without a URN: core and common attributes
 * first, then (RFC 7644 leaves it open; Entra sends `manager` bare) an
 * extension attribute whose name is unambiguous.
 */
export function findTopLevel(
  schema: ResourceSchema,
  name: string,
): AttributeLocation | undefined {
  const core = findAttribute(topLevelAttributes(schema), name);
  if (core) return { attribute: core };

  const found = schema.extensions.flatMap((extension) => {
    const definition = findAttribute(extension.attributes, name);
    return definition ? [{ extension, attribute: definition }] : [];
  });
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Splits a URN prefix off an attribute path (`urn:...:User:name.givenName`
 * gives the core schema and `name.givenName`). A path equal to an
 * extension's URN gives that extension and an empty rest. Returns
 * undefined for a path without a known URN prefix.
 */
export function splitUrn(
  schema: ResourceSchema,
  path: string,
): { schema: SchemaDefinition; rest: string; isExtension: boolean } | undefined {
  const lower = path.toLowerCase();
  if (!lower.startsWith('urn:')) return undefined;

  const candidates = [
    { definition: schema.core, isExtension: false },
    ...schema.extensions.map((definition) => ({ definition, isExtension: true })),
  ].sort((a, b) => b.definition.id.length - a.definition.id.length);

  for (const { definition, isExtension } of candidates) {
    const id = definition.id.toLowerCase();
    if (lower === id) return { schema: definition, rest: '', isExtension };
    if (lower.startsWith(`${id}:`)) {
      return { schema: definition, rest: path.slice(id.length + 1), isExtension };
    }
  }
  return undefined;
}

/** The JSON object holding an attribute: the resource itself or its extension's object. */
export function containerKey(location: AttributeLocation): string | undefined {
  return location.extension?.id;
}
