import { containerOf } from '../attribute-path';
import { deepEqual } from '../deep-equal';
import { badRequest } from '../errors';
import type { Filter } from '../filter/parse-filter';
import { describe, isObject, toBoolean, type JsonObject } from '../normalize';
import { topLevelAttributes, type ResourceSchema } from '../resource-schema';
import { findAttribute, type AttributeDefinition } from '../schema-types';
import type { PatchOperation } from './parse-patch';
import { parsePatchPath, type PatchPath } from './patch-path';

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource, in memory,
 * and returns the new resource; the input is not changed. Generic over
 * the schema: it works on any resource rendered as SCIM JSON (core
 * attributes at the top level, extensions under their URN).
 *
 * What IdPs send and how it is read:
 * - without `path`, each key of `value` is itself a path (`name.givenName`,
 *   `urn:...:enterprise:2.0:User:employeeNumber`, or an extension URN
 *   holding an object);
 * - `add`/`replace` on `attr[filter].sub` whose filter matches no element
 *   creates `{...equalities of the filter, sub: value}`;
 * - `remove` whose filter matches nothing succeeds and changes nothing;
 * - `remove` of a multi-valued attribute with a `value` removes only the
 *   listed elements (Entra's member removal);
 * - `"True"`/`"False"` (any case) become booleans; a single-valued complex
 *   attribute takes a plain string as `{value}` and a one-element array as
 *   its element (Entra's `manager`);
 * - a path naming an attribute the schema does not define is ignored.
 *
 * Read-only attributes (`id`, `meta`, `groups`, ...) may appear with
 * their current value and are then ignored; a changed value is 400
 * mutability, as is changing an immutable attribute that has a value.
 * Anything malformed is a ScimError; nothing else is thrown.
 */
export function applyPatch(
  resource: JsonObject,
  operations: readonly PatchOperation[],
  schema: ResourceSchema,
): JsonObject {
  const working = structuredClone(resource);
  for (const operation of operations) applyOperation(working, operation, schema);
  checkMutability(resource, working, schema);
  return working;
}

function applyOperation(
  resource: JsonObject,
  operation: PatchOperation,
  schema: ResourceSchema,
) {
  if (operation.path !== undefined) {
    const path = parsePatchPath(schema, operation.path);
    if (path) applyAt(resource, operation.op, path, operation.value, schema);
    return;
  }

  if (operation.op === 'remove') {
    throw badRequest('noTarget', 'A remove operation needs a path (RFC 7644 §3.5.2.2)');
  }
  if (!isObject(operation.value)) {
    throw badRequest(
      'invalidValue',
      `A ${operation.op} without a path needs an object value, got ${describe(operation.value)}`,
    );
  }
  for (const [key, value] of Object.entries(operation.value)) {
    const path = parsePatchPath(schema, key);
    if (path) applyAt(resource, operation.op, path, value, schema);
  }
}

type Op = PatchOperation['op'];

function applyAt(
  resource: JsonObject,
  requested: Op,
  path: PatchPath,
  value: unknown,
  schema: ResourceSchema,
) {
  // A null value clears the attribute (RFC 7644 §3.5.2.3 lets replace unassign).
  const op: Op = value === null ? 'remove' : requested;
  const given = value === null ? undefined : value;

  if (!path.attribute) {
    const extension = path.extension;
    if (!extension) return;
    if (op === 'remove') {
      delete resource[extension.id];
      return;
    }
    if (!isObject(given)) {
      throw badRequest(
        'invalidValue',
        `${extension.id} must be given an object of its attributes, got ${describe(given)}`,
      );
    }
    for (const [key, inner] of Object.entries(given)) {
      const innerPath = parsePatchPath(schema, `${extension.id}:${key}`);
      if (innerPath) applyAt(resource, op, innerPath, inner, schema);
    }
    return;
  }

  const container = containerOf(resource, path.extension, op !== 'remove');
  if (!container) return;
  if (path.filter) applyFiltered(container, op, path, path.attribute, given);
  else if (path.subAttribute)
    applySub(container, op, path, path.attribute, path.subAttribute, given);
  else applyWhole(container, op, path, path.attribute, given);

  if (path.extension && Object.keys(container).length === 0)
    delete resource[path.extension.id];
}

function applyWhole(
  container: JsonObject,
  op: Op,
  path: PatchPath,
  attribute: AttributeDefinition,
  value: unknown,
) {
  const name = attribute.name;

  if (op === 'remove') {
    if (value !== undefined && attribute.multiValued) {
      const listed = coerce(attribute, value, path.text) as unknown[];
      const kept = arrayOf(container[name]).filter(
        (element) => !listed.some((item) => sameElement(attribute, element, item)),
      );
      setOrDelete(container, name, kept);
    } else {
      delete container[name];
    }
    return;
  }

  const coerced = coerce(attribute, value, path.text);
  if (attribute.multiValued) {
    const items = coerced as unknown[];
    const result =
      op === 'replace'
        ? items
        : mergeElements(attribute, arrayOf(container[name]), items);
    demoteOtherPrimaries(attribute, result, items);
    setOrDelete(container, name, result);
  } else if (
    attribute.type === 'complex' &&
    isObject(container[name]) &&
    isObject(coerced)
  ) {
    // Sub-attributes the value does not name stay as they are (RFC 7644 §3.5.2.3).
    container[name] = { ...container[name], ...coerced };
  } else {
    container[name] = coerced;
  }
}

function applySub(
  container: JsonObject,
  op: Op,
  path: PatchPath,
  attribute: AttributeDefinition,
  sub: AttributeDefinition,
  value: unknown,
) {
  const name = attribute.name;
  const subValue = op === 'remove' ? undefined : coerce(sub, value, path.text);

  if (attribute.multiValued) {
    const elements = arrayOf(container[name]).filter(isObject);
    if (op === 'remove') {
      for (const element of elements) delete element[sub.name];
      setOrDelete(
        container,
        name,
        elements.filter((element) => Object.keys(element).length > 0),
      );
    } else if (elements.length === 0) {
      container[name] = [{ [sub.name]: subValue }];
    } else {
      for (const element of elements) element[sub.name] = subValue;
      container[name] = elements;
    }
    return;
  }

  const object = isObject(container[name]) ? (container[name] as JsonObject) : {};
  if (op === 'remove') delete object[sub.name];
  else object[sub.name] = subValue;
  if (Object.keys(object).length === 0) delete container[name];
  else container[name] = object;
}

function applyFiltered(
  container: JsonObject,
  op: Op,
  path: PatchPath,
  attribute: AttributeDefinition,
  value: unknown,
) {
  const name = attribute.name;
  const filter = path.filter as NonNullable<PatchPath['filter']>;
  const current = container[name];
  const elements = attribute.multiValued
    ? arrayOf(current).filter(isObject)
    : isObject(current)
      ? [current]
      : [];
  const matched = elements.filter((element) => filter.matches(element));
  const sub = path.subAttribute;

  if (op === 'remove') {
    // Nothing matched: success, nothing changes (IdPs retry removals).
    if (sub) for (const element of matched) delete element[sub.name];
    const kept = sub
      ? elements.filter((element) => Object.keys(element).length > 0)
      : elements.filter((element) => !matched.includes(element));
    if (attribute.multiValued) setOrDelete(container, name, kept);
    else if (kept.length === 0) delete container[name];
    return;
  }

  const replacement = sub
    ? undefined
    : (coerceElement(attribute, value, path.text) as JsonObject);
  if (matched.length === 0) {
    const created = elementFromFilter(filter.ast, attribute, path.text);
    if (sub) created[sub.name] = coerce(sub, value, path.text);
    else Object.assign(created, replacement);
    if (!attribute.multiValued) {
      container[name] = created;
      return;
    }
    const result = [...elements, created];
    demoteOtherPrimaries(attribute, result, [created]);
    container[name] = result;
    return;
  }

  for (const element of matched) {
    if (sub) {
      element[sub.name] = coerce(sub, value, path.text);
    } else {
      if (op === 'replace') for (const key of Object.keys(element)) delete element[key];
      Object.assign(element, replacement);
    }
  }
  if (attribute.multiValued) {
    demoteOtherPrimaries(attribute, elements, matched);
    container[name] = elements;
  }
}

/**
 * The element an `add`/`replace` on `attr[filter]` creates when nothing
 * matches: the filter's equalities (`type eq "work"` gives `{type:"work"}`).
 * Filters that are not equalities joined by `and` name no element to
 * create: 400 noTarget.
 */
function elementFromFilter(
  filter: Filter,
  attribute: AttributeDefinition,
  text: string,
): JsonObject {
  const terms = filter.op === 'and' ? filter.filters : [filter];
  const element: JsonObject = {};
  for (const term of terms) {
    const sub =
      term.op === 'eq'
        ? findAttribute(attribute.subAttributes, term.attrPath)
        : undefined;
    if (term.op !== 'eq' || !sub || term.compValue === null) {
      throw badRequest(
        'noTarget',
        `No element matches ${text}, and its filter is not a set of equalities (such as type eq "work") from which one could be created`,
      );
    }
    element[sub.name] = coerce(sub, term.compValue, text);
  }
  return element;
}

/** Coerces a value to an attribute's shape (multi-valued: an array of elements). */
function coerce(definition: AttributeDefinition, value: unknown, text: string): unknown {
  if (definition.multiValued) {
    const values = Array.isArray(value) ? value : [value];
    return values
      .filter((item) => item !== null && item !== undefined)
      .map((item) => coerceElement(definition, item, text));
  }
  // Entra sends manager as a one-element array.
  if (definition.type === 'complex' && Array.isArray(value) && value.length === 1) {
    return coerceElement(definition, value[0], text);
  }
  return coerceElement(definition, value, text);
}

function coerceElement(
  definition: AttributeDefinition,
  value: unknown,
  text: string,
): unknown {
  if (definition.type === 'boolean') return toBoolean(value, text);
  if (definition.type !== 'complex') return value;

  // A plain string names the `value` of a complex attribute (Entra's manager id).
  if (typeof value === 'string' && findAttribute(definition.subAttributes, 'value')) {
    return { value };
  }
  if (!isObject(value)) {
    throw badRequest(
      'invalidValue',
      `${text} takes an object of ${definition.name} sub-attributes, got ${describe(value)}`,
    );
  }
  const element: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    const sub = findAttribute(definition.subAttributes, key);
    if (!sub || inner === null || inner === undefined) continue;
    element[sub.name] = coerce(sub, inner, `${text}.${sub.name}`);
  }
  return element;
}

function mergeElements(
  attribute: AttributeDefinition,
  current: unknown[],
  added: unknown[],
): unknown[] {
  const result = [...current];
  for (const item of added) {
    const existing = result.find((element) => sameElement(attribute, element, item));
    if (existing === undefined) result.push(item);
    else if (isObject(existing) && isObject(item)) Object.assign(existing, item);
  }
  return result;
}

/**
 * Whether two values of a multi-valued attribute are the same element:
 * complex ones by `value` (and `type` when both have one), simple ones
 * by value, case-insensitively unless the attribute is caseExact.
 */
function sameElement(attribute: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (attribute.type !== 'complex') return sameScalar(a, b, attribute.caseExact);
  if (!isObject(a) || !isObject(b)) return false;

  const valueSub = findAttribute(attribute.subAttributes, 'value');
  if (!valueSub) return deepEqual(a, b);
  if (!sameScalar(a.value, b.value, valueSub.caseExact)) return false;
  const typeSub = findAttribute(attribute.subAttributes, 'type');
  if (!typeSub || a.type === undefined || b.type === undefined) return true;
  return sameScalar(a.type, b.type, typeSub.caseExact);
}

function sameScalar(a: unknown, b: unknown, caseExact: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string' && !caseExact) {
    return a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}

/** RFC 7643 §2.4: one primary at most; the element just set primary wins. */
function demoteOtherPrimaries(
  attribute: AttributeDefinition,
  elements: unknown[],
  touched: unknown[],
) {
  if (!findAttribute(attribute.subAttributes, 'primary')) return;
  const winner = touched.find((item) => isObject(item) && item.primary === true);
  if (winner === undefined) return;
  for (const element of elements) {
    if (element !== winner && isObject(element) && element.primary === true)
      element.primary = false;
  }
}

function arrayOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

function setOrDelete(container: JsonObject, name: string, values: unknown[]) {
  if (values.length === 0) delete container[name];
  else container[name] = values;
}

/**
 * 400 mutability when a read-only attribute changed, or an immutable one
 * that had a value (RFC 7643 §2.2); unchanged ones were simply ignored.
 */
function checkMutability(before: JsonObject, after: JsonObject, schema: ResourceSchema) {
  const places = [
    {
      attributes: topLevelAttributes(schema),
      pick: (resource: JsonObject) => resource,
      prefix: '',
    },
    ...schema.extensions.map((extension) => ({
      attributes: extension.attributes,
      pick: (resource: JsonObject) =>
        isObject(resource[extension.id]) ? (resource[extension.id] as JsonObject) : {},
      prefix: `${extension.id}:`,
    })),
  ];

  for (const { attributes, pick, prefix } of places) {
    for (const attribute of attributes) {
      const old = pick(before)[attribute.name];
      const now = pick(after)[attribute.name];
      const locked =
        attribute.mutability === 'readOnly' ||
        (attribute.mutability === 'immutable' && old !== undefined);
      if (locked && !deepEqual(old, now)) {
        throw badRequest(
          'mutability',
          `${prefix}${attribute.name} is ${attribute.mutability === 'readOnly' ? 'read-only' : 'immutable'} and cannot be changed by PATCH; leave it out of the request`,
        );
      }
    }
  }
}
