import { resolveAttributePath } from './attribute-path';
import { badRequest } from './errors';
import { describe, isObject, type JsonObject } from './normalize';
import { topLevelAttributes, type ResourceSchema } from './resource-schema';
import { findAttribute, type AttributeDefinition } from './schema-types';

/** The `attributes` / `excludedAttributes` of a request (RFC 7644 §3.4.2.5, §3.9). */
export interface Projection {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

/**
 * Reads `attributes` and `excludedAttributes` from query parameters
 * (comma-separated strings, names matched case-insensitively) or from a
 * /.search body (arrays of strings, or comma-separated strings).
 */
export function parseProjection(source: Readonly<Record<string, unknown>>): Projection {
  const attributes = readList(source, 'attributes');
  const excludedAttributes = readList(source, 'excludedAttributes');
  return {
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
}

function readList(
  source: Readonly<Record<string, unknown>>,
  name: string,
): string[] | undefined {
  const key = Object.keys(source).find(
    (candidate) => candidate.toLowerCase() === name.toLowerCase(),
  );
  const value = key === undefined ? undefined : source[key];
  if (value === undefined || value === null) return undefined;

  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((part) => typeof part === 'string')) {
    throw badRequest(
      'invalidValue',
      `${name} must be a comma-separated string or an array of strings, got ${describe(value)}`,
    );
  }
  const names = (parts as string[])
    .flatMap((part) => part.split(','))
    .map((part) => part.trim());
  const listed = names.filter((part) => part !== '');
  return listed.length > 0 ? listed : undefined;
}

/** What a list names of one attribute: all of it, or some sub-attributes. */
type Selection = 'whole' | Set<string>;

/**
 * Returns the resource with only the attributes the request asks for
 * (RFC 7644 §3.4.2.5). `returned: always` attributes (`id`, `schemas`)
 * are always kept; `never` ones (`password`) never; `request` ones only
 * when `attributes` names them. With `attributes`, only the named
 * attributes (or sub-attributes, or whole extensions by URN) are kept;
 * otherwise the `excludedAttributes` are removed. Names the schema does
 * not define are ignored.
 */
export function projectResource(
  resource: JsonObject,
  schema: ResourceSchema,
  projection: Projection,
): JsonObject {
  const included = projection.attributes && selections(schema, projection.attributes);
  const excluded = selections(schema, projection.excludedAttributes ?? []);
  const output: JsonObject = {};

  for (const [key, value] of Object.entries(resource)) {
    const extension = schema.extensions.find(
      (candidate) => candidate.id.toLowerCase() === key.toLowerCase(),
    );
    if (extension) {
      if (!isObject(value)) continue;
      const wholeExtension = `${extension.id}|*`;
      const inner: JsonObject = {};
      for (const [name, innerValue] of Object.entries(value)) {
        const definition = findAttribute(extension.attributes, name);
        if (!definition) continue;
        const id = `${extension.id}|${definition.name}`;
        const chosen = choose(
          definition,
          innerValue,
          included && (included.has(wholeExtension) ? 'whole' : included.get(id)),
          excluded.has(wholeExtension) ? 'whole' : excluded.get(id),
          included !== undefined,
        );
        if (chosen !== undefined) inner[name] = chosen;
      }
      if (Object.keys(inner).length > 0) output[key] = inner;
      continue;
    }

    const definition = findAttribute(topLevelAttributes(schema), key);
    if (!definition) {
      if (!included) output[key] = value;
      continue;
    }
    const id = `|${definition.name}`;
    const chosen = choose(
      definition,
      value,
      included?.get(id),
      excluded.get(id),
      included !== undefined,
    );
    if (chosen !== undefined) output[key] = chosen;
  }
  return output;
}

function selections(
  schema: ResourceSchema,
  names: readonly string[],
): Map<string, Selection> {
  const result = new Map<string, Selection>();
  for (const name of names) {
    const resolved = resolveAttributePath(schema, name);
    if (!resolved) continue;
    const extensionId = resolved.extension?.id ?? '';
    if (!resolved.attribute) {
      result.set(`${extensionId}|*`, 'whole');
      continue;
    }
    const id = `${extensionId}|${resolved.attribute.name}`;
    const current = result.get(id);
    if (!resolved.subAttribute || current === 'whole') {
      result.set(id, 'whole');
    } else {
      const subs = current ?? new Set<string>();
      subs.add(resolved.subAttribute.name);
      result.set(id, subs);
    }
  }
  return result;
}

/** The value to return for one attribute, or undefined to leave it out. */
function choose(
  definition: AttributeDefinition,
  value: unknown,
  included: Selection | undefined,
  excluded: Selection | undefined,
  hasInclusionList: boolean,
): unknown {
  if (definition.returned === 'never') return undefined;
  if (definition.returned === 'always') return stripNever(definition, value);

  if (hasInclusionList) {
    if (included === undefined) return undefined;
    return included === 'whole'
      ? stripNever(definition, value)
      : keepSubs(definition, value, included);
  }
  if (definition.returned === 'request') return undefined;
  if (excluded === 'whole') return undefined;
  if (excluded) return dropSubs(definition, value, excluded);
  return stripNever(definition, value);
}

function mapElements(value: unknown, map: (element: JsonObject) => JsonObject): unknown {
  if (Array.isArray(value)) {
    const mapped = value.map((element) => (isObject(element) ? map(element) : element));
    const kept = mapped.filter(
      (element) => !isObject(element) || Object.keys(element).length > 0,
    );
    return kept.length > 0 ? kept : undefined;
  }
  if (!isObject(value)) return value;
  const mapped = map(value);
  return Object.keys(mapped).length > 0 ? mapped : undefined;
}

function stripNever(definition: AttributeDefinition, value: unknown): unknown {
  if (definition.type !== 'complex') return value;
  return mapElements(value, (element) =>
    filterKeys(definition, element, (sub) => sub.returned !== 'never'),
  );
}

function keepSubs(
  definition: AttributeDefinition,
  value: unknown,
  subs: Set<string>,
): unknown {
  return mapElements(value, (element) =>
    filterKeys(
      definition,
      element,
      (sub) =>
        sub.returned === 'always' || (subs.has(sub.name) && sub.returned !== 'never'),
    ),
  );
}

function dropSubs(
  definition: AttributeDefinition,
  value: unknown,
  subs: Set<string>,
): unknown {
  return mapElements(value, (element) =>
    filterKeys(
      definition,
      element,
      (sub) =>
        sub.returned === 'always' ||
        (!subs.has(sub.name) && sub.returned !== 'never' && sub.returned !== 'request'),
    ),
  );
}

function filterKeys(
  definition: AttributeDefinition,
  element: JsonObject,
  keep: (sub: AttributeDefinition) => boolean,
): JsonObject {
  const output: JsonObject = {};
  for (const [key, value] of Object.entries(element)) {
    const sub = findAttribute(definition.subAttributes, key);
    if (!sub || keep(sub)) output[key] = value;
  }
  return output;
}
