import type { Compare, Filter } from 'scim2-parse-filter';

import {
  resolveAttributePath,
  readAttribute,
  type ResolvedPath,
} from '../attribute-path';
import { badRequest } from '../errors';
import { isObject, type JsonObject } from '../normalize';
import type { ResourceSchema } from '../resource-schema';
import { findAttribute, type AttributeDefinition } from '../schema-types';

/** A compiled filter: true when a resource (as rendered JSON) matches. */
export type ResourcePredicate = (resource: JsonObject) => boolean;

/** A compiled value filter: true when one element of a complex attribute matches. */
export type ElementPredicate = (element: JsonObject) => boolean;

type ValueReader = (target: JsonObject) => unknown[];

/**
 * Compiles a filter against a resource's schemas (RFC 7644 §3.4.2.2).
 * Attribute names are case-insensitive and may carry their schema URN;
 * strings compare case-insensitively unless the attribute is `caseExact`;
 * a multi-valued attribute matches when any value does; a complex
 * attribute without a sub-attribute compares its `value`. A filter naming
 * an unknown attribute, or comparing in a way the type does not allow,
 * is 400 invalidFilter at compile time, before anything is read.
 */
export function compileFilter(filter: Filter, schema: ResourceSchema): ResourcePredicate {
  return compile(
    filter,
    (attrPath) => resolveTop(schema, attrPath),
    false,
  ) as ResourcePredicate;
}

/**
 * Compiles the filter inside a value path (`emails[type eq "work"]`)
 * against the sub-attributes of `attribute`; used by PATCH paths too.
 */
export function compileElementFilter(
  filter: Filter,
  attribute: AttributeDefinition,
): ElementPredicate {
  return compile(filter, (attrPath) => resolveSub(attribute, attrPath), true);
}

interface Target {
  readonly definition: AttributeDefinition;
  readonly read: ValueReader;
  readonly name: string;
}

type Resolver = (attrPath: string) => {
  target: Target;
  complexOwner?: AttributeDefinition;
  resolved?: ResolvedPath;
};

function compile(
  filter: Filter,
  resolve: Resolver,
  inElement: boolean,
): ElementPredicate {
  switch (filter.op) {
    case 'and': {
      const parts = filter.filters.map((child) => compile(child, resolve, inElement));
      return (target) => parts.every((part) => part(target));
    }
    case 'or': {
      const parts = filter.filters.map((child) => compile(child, resolve, inElement));
      return (target) => parts.some((part) => part(target));
    }
    case 'not': {
      const inner = compile(filter.filter, resolve, inElement);
      return (target) => !inner(target);
    }
    case '[]':
      return compileValuePath(filter.attrPath, filter.valFilter, resolve, inElement);
    case 'pr': {
      const { target } = resolve(filter.attrPath);
      return (resource) => target.read(resource).some(isPresent);
    }
    default:
      return compileComparison(filter, resolve(filter.attrPath).target);
  }
}

function compileValuePath(
  attrPath: string,
  valFilter: Filter,
  resolve: Resolver,
  inElement: boolean,
): ElementPredicate {
  if (inElement) {
    throw badRequest(
      'invalidFilter',
      `Value paths cannot be nested: ${attrPath}[...] inside [...]`,
    );
  }
  const { complexOwner, resolved } = resolve(attrPath);
  if (!complexOwner || !resolved || resolved.subAttribute) {
    throw badRequest(
      'invalidFilter',
      `${attrPath}[...] needs a complex attribute such as emails; ${attrPath} is not one`,
    );
  }
  const inner = compileElementFilter(valFilter, complexOwner);
  return (resource) => elementsOf(readAttribute(resource, resolved)).some(inner);
}

/** The elements of a complex attribute: an array's objects, or the single object. */
export function elementsOf(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

function resolveTop(schema: ResourceSchema, attrPath: string) {
  const resolved = resolveAttributePath(schema, attrPath);
  if (!resolved?.attribute) {
    throw badRequest(
      'invalidFilter',
      `The filter names ${attrPath}, which is not an attribute of ${schema.core.name}; GET /Schemas lists the attributes`,
    );
  }
  const attribute = resolved.attribute;
  const sub = resolved.subAttribute ?? implicitValue(attribute);
  const read: ValueReader = (resource) => {
    const values = flatten(readAttribute(resource, resolved));
    if (!sub) return values;
    return values.flatMap((element) =>
      isObject(element) ? flatten(element[sub.name]) : [],
    );
  };
  const definition = sub ?? attribute;
  return {
    target: { definition, read, name: attrPath },
    complexOwner: attribute.type === 'complex' ? attribute : undefined,
    resolved,
  };
}

function resolveSub(owner: AttributeDefinition, attrPath: string) {
  const definition = findAttribute(owner.subAttributes, attrPath);
  if (!definition) {
    throw badRequest(
      'invalidFilter',
      `${owner.name}[...] has no sub-attribute ${attrPath}; it has ${(owner.subAttributes ?? []).map((sub) => sub.name).join(', ')}`,
    );
  }
  const read: ValueReader = (element) => flatten(element[definition.name]);
  return { target: { definition, read, name: attrPath } };
}

/** RFC 7643 §2.4: a complex attribute's `value` stands for the attribute in comparisons. */
function implicitValue(attribute: AttributeDefinition): AttributeDefinition | undefined {
  if (attribute.type !== 'complex') return undefined;
  return findAttribute(attribute.subAttributes, 'value');
}

function flatten(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (isObject(value)) return Object.values(value).some(isPresent);
  return true;
}

function compileComparison(filter: Compare, target: Target): ElementPredicate {
  const { op, compValue } = filter;
  const { definition } = target;

  if (compValue === null) {
    if (op !== 'eq' && op !== 'ne') throw unsupported(target, op, 'null');
    const wantPresent = op === 'ne';
    return (resource) => target.read(resource).some(isPresent) === wantPresent;
  }

  const test = valueTest(definition, op, compValue, target.name);
  if (op === 'ne') {
    const equal = valueTest(definition, 'eq', compValue, target.name);
    return (resource) => !target.read(resource).some(equal);
  }
  return (resource) => target.read(resource).some(test);
}

function valueTest(
  definition: AttributeDefinition,
  op: Compare['op'],
  compValue: string | number | boolean,
  name: string,
): (value: unknown) => boolean {
  switch (definition.type) {
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') throw unsupported({ name }, op, 'a boolean');
      const wanted = toFilterBoolean(compValue, name);
      return (value) => value === wanted;
    }
    case 'integer':
    case 'decimal': {
      if (typeof compValue !== 'number') {
        throw badRequest(
          'invalidFilter',
          `${name} is a number; compare it with a number, not ${JSON.stringify(compValue)}`,
        );
      }
      if (op === 'co' || op === 'sw' || op === 'ew')
        throw unsupported({ name }, op, 'a number');
      return (value) => typeof value === 'number' && ordered(op, value - compValue);
    }
    case 'dateTime': {
      const wanted = typeof compValue === 'string' ? Date.parse(compValue) : NaN;
      if (Number.isNaN(wanted)) {
        throw badRequest(
          'invalidFilter',
          `${name} is a dateTime; compare it with an xsd:dateTime string such as "2026-01-31T12:00:00Z"`,
        );
      }
      if (op === 'co' || op === 'sw' || op === 'ew')
        throw unsupported({ name }, op, 'a dateTime');
      return (value) => {
        const time = typeof value === 'string' ? Date.parse(value) : NaN;
        return !Number.isNaN(time) && ordered(op, time - wanted);
      };
    }
    case 'complex':
      throw badRequest(
        'invalidFilter',
        `${name} is complex; filter on one of its sub-attributes, e.g. ${name}.value`,
      );
    default: {
      if (typeof compValue === 'boolean') {
        throw badRequest(
          'invalidFilter',
          `${name} is a string; compare it with a quoted string, not ${String(compValue)}`,
        );
      }
      const fold = definition.caseExact
        ? (text: string) => text
        : (text: string) => text.toLowerCase();
      const wanted = fold(String(compValue));
      return (value) => typeof value === 'string' && stringTest(op, fold(value), wanted);
    }
  }
}

function stringTest(op: Compare['op'], value: string, wanted: string): boolean {
  switch (op) {
    case 'co':
      return value.includes(wanted);
    case 'sw':
      return value.startsWith(wanted);
    case 'ew':
      return value.endsWith(wanted);
    default:
      return ordered(op, value < wanted ? -1 : value > wanted ? 1 : 0);
  }
}

function ordered(op: Compare['op'], difference: number): boolean {
  switch (op) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      return false;
  }
}

/** Entra writes booleans as `True`/`False`; any case of true/false is accepted. */
function toFilterBoolean(value: string | number | boolean, name: string): boolean {
  if (typeof value === 'boolean') return value;
  const lower = String(value).toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw badRequest(
    'invalidFilter',
    `${name} is a boolean; compare it with true or false, not ${JSON.stringify(value)}`,
  );
}

function unsupported(target: { name: string }, op: string, kind: string) {
  return badRequest(
    'invalidFilter',
    `${op} cannot compare ${target.name} with ${kind}; use eq or ne`,
  );
}
