import { resolveAttributePath, type ResolvedPath } from '../attribute-path';
import { badRequest } from '../errors';
import { compileElementFilter, type ElementPredicate } from '../filter/evaluate-filter';
import { parseFilter, type Filter } from '../filter/parse-filter';
import type { ResourceSchema } from '../resource-schema';
import { findAttribute } from '../schema-types';

/**
 * A PATCH `path` (RFC 7644 §3.5.2): `attr`, `attr.sub`, `attr[filter]` or
 * `attr[filter].sub`, each with an optional schema URN prefix, or a bare
 * extension URN.
 */
export interface PatchPath extends ResolvedPath {
  /** The value filter of `attr[filter]`, parsed and compiled. */
  readonly filter?: { readonly ast: Filter; readonly matches: ElementPredicate };
  /** The path as the client sent it, for error messages. */
  readonly text: string;
}

/**
 * Parses a PATCH path. Syntax errors are 400 invalidPath; a path that is
 * well formed but names no attribute of the schema returns undefined, and
 * the operation is ignored the way POST and PUT ignore unknown attributes
 * (RFC 7644 §3.3; IdPs send attributes this service does not keep).
 */
export function parsePatchPath(
  schema: ResourceSchema,
  text: string,
): PatchPath | undefined {
  const path = text.trim();
  if (path === '') throw invalidPath(text, 'it is empty');

  const open = path.indexOf('[');
  if (open === -1) {
    if (/[\]\s"]/.test(path))
      throw invalidPath(text, 'it has characters no attribute name has');
    const resolved = resolveAttributePath(schema, path);
    return resolved && { ...resolved, text };
  }

  const close = closingBracket(path, open);
  if (close === -1) throw invalidPath(text, '"[" is not closed by "]"');
  const after = path.slice(close + 1);
  if (after !== '' && !/^\.[A-Za-z$][\w$-]*$/.test(after)) {
    throw invalidPath(text, `"${after}" after "]" must be ".subAttribute"`);
  }

  const resolved = resolveAttributePath(schema, path.slice(0, open));
  if (!resolved) return undefined;
  const { attribute } = resolved;
  if (!attribute || resolved.subAttribute || attribute.type !== 'complex') {
    throw invalidPath(
      text,
      'a [filter] applies only to a complex attribute such as emails or members',
    );
  }

  const ast = parseFilter(path.slice(open + 1, close));
  const matches = compileElementFilter(ast, attribute);
  if (after === '') return { ...resolved, filter: { ast, matches }, text };

  const subAttribute = findAttribute(attribute.subAttributes, after.slice(1));
  if (!subAttribute) return undefined;
  return { ...resolved, subAttribute, filter: { ast, matches }, text };
}

function closingBracket(path: string, open: number): number {
  let quoted = false;
  for (let index = open + 1; index < path.length; index++) {
    const char = path.charAt(index);
    if (quoted && char === '\\') index++;
    else if (char === '"') quoted = !quoted;
    else if (!quoted && char === ']') return index;
  }
  return -1;
}

function invalidPath(text: string, why: string) {
  return badRequest(
    'invalidPath',
    `The PATCH path ${JSON.stringify(text.slice(0, 200))} is not valid: ${why}. Write it as in RFC 7644 §3.5.2, e.g. name.givenName or emails[type eq "work"].value`,
  );
}
