import { isObject, type JsonObject } from './normalize';
import { findAttribute, type AttributeDefinition } from './schema-types';
import type { SchemaDefinition } from './schema-types';
import {
  findTopLevel,
  splitUrn,
  topLevelAttributes,
  type ResourceSchema,
} from './resource-schema';

/**
 * An attribute path (`name.givenName`, `urn:...:enterprise:2.0:User:manager`)
 * resolved against a resource's schemas (RFC 7644 §3.10).
 */
export interface ResolvedPath {
  /** The extension holding the attribute; undefined for core and common attributes. */
  readonly extension?: SchemaDefinition;
  /** The attribute; undefined when the path names a whole extension by its URN. */
  readonly attribute?: AttributeDefinition;
  /** The sub-attribute, for `attr.sub` paths of complex attributes. */
  readonly subAttribute?: AttributeDefinition;
}

/**
 * Resolves `[URN:]attr[.sub]` with case-insensitive names (RFC 7643
 * §2.1). Returns undefined when the path names no attribute of the
 * schema; callers decide whether that is an error.
 */
export function resolveAttributePath(
  schema: ResourceSchema,
  path: string,
): ResolvedPath | undefined {
  const urn = splitUrn(schema, path);
  let extension: SchemaDefinition | undefined;
  let rest = path;
  let attributes: readonly AttributeDefinition[] | undefined;

  if (urn) {
    if (urn.rest === '') return urn.isExtension ? { extension: urn.schema } : undefined;
    rest = urn.rest;
    if (urn.isExtension) {
      extension = urn.schema;
      attributes = urn.schema.attributes;
    } else {
      attributes = topLevelAttributes(schema);
    }
  } else if (path.toLowerCase().startsWith('urn:')) {
    return undefined;
  }

  const dot = rest.indexOf('.');
  const name = dot === -1 ? rest : rest.slice(0, dot);
  const subName = dot === -1 ? undefined : rest.slice(dot + 1);

  let attribute: AttributeDefinition | undefined;
  if (attributes) {
    attribute = findAttribute(attributes, name);
  } else {
    const found = findTopLevel(schema, name);
    attribute = found?.attribute;
    extension = found?.extension;
  }
  if (!attribute) return undefined;
  if (subName === undefined) return { extension, attribute };

  const subAttribute =
    attribute.type === 'complex'
      ? findAttribute(attribute.subAttributes, subName)
      : undefined;
  return subAttribute ? { extension, attribute, subAttribute } : undefined;
}

/** The object an attribute lives in: the resource or its extension object (created on demand). */
export function containerOf(
  resource: JsonObject,
  extension: SchemaDefinition | undefined,
  create: boolean,
): JsonObject | undefined {
  if (!extension) return resource;
  const existing = resource[extension.id];
  if (isObject(existing)) return existing;
  if (!create) return undefined;

  const created: JsonObject = {};
  resource[extension.id] = created;
  return created;
}

/** Reads an attribute's value (whole attribute, not the sub-attribute) from a resource. */
export function readAttribute(resource: JsonObject, path: ResolvedPath): unknown {
  const container = containerOf(resource, path.extension, false);
  if (!container) return undefined;
  if (!path.attribute) return container;
  return container[path.attribute.name];
}

/** A readable rendering of a resolved path for error messages. */
export function describePath(path: ResolvedPath): string {
  const prefix = path.extension ? `${path.extension.id}:` : '';
  if (!path.attribute) return path.extension?.id ?? '';
  return `${prefix}${path.attribute.name}${path.subAttribute ? `.${path.subAttribute.name}` : ''}`;
}
