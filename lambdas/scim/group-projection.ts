import type { JsonObject } from './normalize';
import { parseProjection, projectResource, type Projection } from './projection';
import type { ResourceSchema } from './resource-schema';
import { GROUP_SCHEMA, GROUP_SCHEMA_DEFINITION } from './schemas';

/** The Group resource type's schemas, as the projection engine reads them. */
export const GROUP_RESOURCE_SCHEMA: ResourceSchema = {
  core: GROUP_SCHEMA_DEFINITION,
  extensions: [],
};

/** Returned whatever a request asks (RFC 7643 §2.4 `returned: always`). */
const ALWAYS = new Set(['id', 'schemas']);

/**
 * `attributes` / `excludedAttributes` on groups (RFC 7644 §3.4.2.5),
 * applied by the shared projection engine, plus what a handler needs to
 * know before reading: whether `members` (index pages) or `meta` and
 * `externalId` (the group items) show at all. So Entra's
 * `excludedAttributes=members` reads no member, and a membership check
 * with `attributes=id` reads no group item.
 */
export class GroupProjection {
  private constructor(private readonly projection: Projection) {}

  /** Reads the two query parameters. */
  static fromQuery(query: Readonly<Record<string, string>>): GroupProjection {
    return new GroupProjection(parseProjection(query));
  }

  /** Whether the request named `attributes` (a group PATCH then answers 200 with the group). */
  get asksForAttributes(): boolean {
    return this.projection.attributes !== undefined;
  }

  /** Whether a response may include some of this top-level attribute (lower-case name). */
  includes(name: string): boolean {
    if (ALWAYS.has(name)) return true;
    const { attributes, excludedAttributes } = this.projection;
    if (attributes) return attributes.some((each) => topLevel(each) === name);
    // Only excluding the whole attribute leaves it out; `members.value` keeps the rest.
    return !(excludedAttributes ?? []).some((each) => wholeName(each) === name);
  }

  /** Drops the attributes the request does not want. */
  apply(resource: JsonObject): JsonObject {
    return projectResource(resource, GROUP_RESOURCE_SCHEMA, this.projection);
  }
}

/** The lower-cased path without the Group schema URN. */
function wholeName(path: string): string {
  const lower = path.trim().toLowerCase();
  const prefix = `${GROUP_SCHEMA.toLowerCase()}:`;
  return lower.startsWith(prefix) ? lower.slice(prefix.length) : lower;
}

function topLevel(path: string): string {
  return wholeName(path).split('.')[0] ?? '';
}
