import { badRequest } from './errors';
import { findAttribute, type AttributeDefinition } from './schema-types';

/** A JSON object, as it arrives in a request body. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns client input for a set of attributes into the stored form: names
 * in their schema spelling, values of the schema type, `"True"`/`"False"`
 * strings as booleans (Entra sends them), nulls and unknown attributes
 * dropped, read-only and write-only attributes dropped (RFC 7644 §3.5.1
 * says a PUT ignores read-only values; `password` is never kept).
 */
export function normalizeAttributes(
  definitions: readonly AttributeDefinition[],
  input: JsonObject,
  path = '',
): JsonObject {
  const output: JsonObject = {};

  for (const [key, value] of Object.entries(input)) {
    const definition = findAttribute(definitions, key);
    if (!definition || value === null || value === undefined) continue;
    if (definition.mutability === 'readOnly' || definition.mutability === 'writeOnly') {
      continue;
    }

    const normalized = normalizeValue(definition, value, `${path}${definition.name}`);
    if (normalized !== undefined) output[definition.name] = normalized;
  }

  return output;
}

function normalizeValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): unknown {
  if (!definition.multiValued) return normalizeSingle(definition, value, path);

  // A lone value where an array is expected is taken as a one-element array.
  const values = Array.isArray(value) ? value : [value];
  const items = values
    .filter((item) => item !== null && item !== undefined)
    .map((item, index) => normalizeSingle(definition, item, `${path}[${index}]`))
    .filter(
      (item) => item !== undefined && !(isObject(item) && Object.keys(item).length === 0),
    );

  const primaries = items.filter((item) => isObject(item) && item.primary === true);
  if (primaries.length > 1) {
    throw badRequest(
      'invalidValue',
      `${path} has ${primaries.length} values marked primary; at most one may be (RFC 7643 §2.4)`,
    );
  }
  return items;
}

function normalizeSingle(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): unknown {
  switch (definition.type) {
    case 'complex':
      if (!isObject(value)) {
        throw badRequest(
          'invalidValue',
          `${path} must be an object, got ${describe(value)}`,
        );
      }
      return normalizeAttributes(definition.subAttributes ?? [], value, `${path}.`);
    case 'boolean':
      return toBoolean(value, path);
    case 'integer':
    case 'decimal':
      if (
        typeof value !== 'number' ||
        (definition.type === 'integer' && !Number.isInteger(value))
      ) {
        throw badRequest(
          'invalidValue',
          `${path} must be ${definition.type === 'integer' ? 'an integer' : 'a number'}, got ${describe(value)}`,
        );
      }
      return value;
    default:
      if (typeof value !== 'string') {
        throw badRequest(
          'invalidValue',
          `${path} must be a string, got ${describe(value)}`,
        );
      }
      return value;
  }
}

/** Reads a boolean, accepting the strings "true" and "false" in any case. */
export function toBoolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw badRequest(
    'invalidValue',
    `${path} must be true or false, got ${describe(value)}`,
  );
}

/** A short description of a value's type for error messages, never the value itself. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
