import type { JsonObject } from './normalize';
import { GROUP_SCHEMA } from './schemas';

/** Returned whatever a request asks (RFC 7643 §2.4 `returned: always`). */
const ALWAYS = new Set(['id', 'schemas']);

/**
 * `attributes` / `excludedAttributes` for groups (RFC 7644 §3.4.2.5), at
 * the level of top-level attributes: `members.value` keeps or drops the
 * whole `members`. Also says whether members and meta must be read at
 * all, so `excludedAttributes=members` costs no member reads and a
 * membership check with `attributes=id` costs one read.
 */
export class GroupProjection {
  private constructor(
    private readonly mode: 'all' | 'only' | 'except',
    private readonly names: ReadonlySet<string>,
  ) {}

  /** Reads the two query parameters (`attributes` wins when both are given). */
  static fromQuery(query: Readonly<Record<string, string>>): GroupProjection {
    const attributes = parameter(query, 'attributes');
    const excluded = parameter(query, 'excludedAttributes');
    if (attributes.length > 0) return new GroupProjection('only', new Set(attributes));
    if (excluded.length > 0) return new GroupProjection('except', new Set(excluded));
    return new GroupProjection('all', new Set());
  }

  /** Whether the request named `attributes` (a group PATCH then answers 200 with the group). */
  get asksForAttributes(): boolean {
    return this.mode === 'only';
  }

  /** Whether a response includes this top-level attribute (lower-case name). */
  includes(name: string): boolean {
    if (ALWAYS.has(name)) return true;
    if (this.mode === 'only') return this.names.has(name);
    if (this.mode === 'except') return !this.names.has(name);
    return true;
  }

  /** Drops the attributes the request does not want. */
  apply(resource: JsonObject): JsonObject {
    const projected: JsonObject = {};
    for (const [key, value] of Object.entries(resource)) {
      if (this.includes(key.toLowerCase())) projected[key] = value;
    }
    return projected;
  }
}

function parameter(query: Readonly<Record<string, string>>, name: string): string[] {
  const entry = Object.entries(query).find(
    ([key]) => key.toLowerCase() === name.toLowerCase(),
  );
  if (!entry || entry[1].trim() === '') return [];

  // Names that are no Group attribute match nothing (RFC 7644 §3.4.2.5 sets no error).
  return entry[1].split(',').map((raw) => {
    let path = raw.trim().toLowerCase();
    const prefix = `${GROUP_SCHEMA.toLowerCase()}:`;
    if (path.startsWith(prefix)) path = path.slice(prefix.length);
    return path.split('.')[0] ?? '';
  });
}
