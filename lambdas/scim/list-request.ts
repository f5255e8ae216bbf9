import { badRequest } from './errors';
import { describe, isObject } from './normalize';
import { parsePageRequest } from './list-response';
import { parseProjection, type Projection } from './projection';

/** A list or query request, from GET query parameters or a POST /.search body. */
export interface ListRequest {
  /** The filter text, when one was given (a blank one too: it is 400 invalidFilter). */
  readonly filter?: string;
  /** 1-based index paging (RFC 7644 §3.4.2.4); ignored when `cursor` is set. */
  readonly startIndex: number;
  readonly count: number;
  /** RFC 9865 cursor paging: '' asks for the first page, otherwise a nextCursor. */
  readonly cursor?: string;
  readonly projection: Projection;
}

/** Reads a list request from query parameters (names case-insensitive). */
export function listRequestFromQuery(
  query: Readonly<Record<string, string>>,
): ListRequest {
  return build(query, parsePageRequest(query));
}

/**
 * Reads a POST /.search body (RFC 7644 §3.4.3): the same parameters as
 * JSON members, numbers as numbers (strings of digits are accepted too).
 */
export function listRequestFromSearchBody(body: unknown): ListRequest {
  if (body === undefined) return listRequestFromQuery({});
  if (!isObject(body)) {
    throw badRequest(
      'invalidSyntax',
      'A /.search body must be a SearchRequest JSON object (RFC 7644 §3.4.3)',
    );
  }
  const paging: Record<string, string> = {};
  for (const name of ['startIndex', 'count']) {
    const value = member(body, name);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' && typeof value !== 'string') {
      throw badRequest(
        'invalidValue',
        `${name} must be an integer, got ${describe(value)}`,
      );
    }
    paging[name] = String(value);
  }
  return build(body, parsePageRequest(paging));
}

function build(
  source: Readonly<Record<string, unknown>>,
  page: { startIndex: number; count: number },
): ListRequest {
  const filter = member(source, 'filter');
  if (filter !== undefined && filter !== null && typeof filter !== 'string') {
    throw badRequest('invalidFilter', `filter must be a string, got ${describe(filter)}`);
  }
  const cursor = member(source, 'cursor');
  if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') {
    throw badRequest('invalidCursor', `cursor must be a string, got ${describe(cursor)}`);
  }
  if (typeof cursor === 'string' && member(source, 'startIndex') !== undefined) {
    throw badRequest(
      'invalidValue',
      'Send either startIndex (index paging) or cursor (RFC 9865), not both',
    );
  }

  return {
    // A blank filter is refused like any unreadable one: never the unfiltered list.
    ...(typeof filter === 'string' ? { filter } : {}),
    startIndex: page.startIndex,
    count: page.count,
    ...(typeof cursor === 'string' ? { cursor: cursor.trim() } : {}),
    projection: parseProjection(source),
  };
}

function member(source: Readonly<Record<string, unknown>>, name: string): unknown {
  const key = Object.keys(source).find(
    (candidate) => candidate.toLowerCase() === name.toLowerCase(),
  );
  return key === undefined ? undefined : source[key];
}
