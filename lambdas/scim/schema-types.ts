/** Attribute data types of RFC 7643 §2.3. */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex';

/** An attribute definition as RFC 7643 §7 publishes it on /Schemas. */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  readonly returned: 'always' | 'never' | 'default' | 'request';
  readonly uniqueness: 'none' | 'server' | 'global';
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** A schema resource as served on /Schemas/{id}. */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

/**
 * Builds an attribute definition with RFC 7643 §2.2 defaults: optional,
 * single-valued, case-insensitive, read-write, returned by default, not unique.
 */
export function attribute(
  name: string,
  type: AttributeType,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...(type === 'reference' ? { referenceTypes: ['external'] } : {}),
    ...options,
  };
}

/** Finds a sub-attribute or attribute by name, case-insensitively (RFC 7643 §2.1). */
export function findAttribute(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return attributes?.find((candidate) => candidate.name.toLowerCase() === lower);
}
