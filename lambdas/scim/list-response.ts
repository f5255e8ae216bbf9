import { badRequest } from './errors';
import { LIST_RESPONSE_SCHEMA } from './schemas';

/** The largest page this service returns; ServiceProviderConfig states it as `filter.maxResults`. */
export const MAX_PAGE_SIZE = 200;

/** The page size when a request names none. */
export const DEFAULT_PAGE_SIZE = 100;

/** A page request after RFC 7644 §3.4.2.4's rules are applied. */
export interface PageRequest {
  /** 1-based index of the first result. */
  readonly startIndex: number;
  /** How many results at most; 0 asks for the total only. */
  readonly count: number;
}

/**
 * Reads `startIndex` and `count`: a startIndex below 1 counts as 1, a
 * negative count as 0, and a count above {@link MAX_PAGE_SIZE} as the
 * maximum (RFC 7644 §3.4.2.4). Non-numbers are 400 invalidValue.
 */
export function parsePageRequest(query: Readonly<Record<string, string>>): PageRequest {
  const startIndex = readInteger(query, 'startIndex') ?? 1;
  const count = readInteger(query, 'count') ?? DEFAULT_PAGE_SIZE;
  return {
    startIndex: Math.max(1, startIndex),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, count)),
  };
}

function readInteger(
  query: Readonly<Record<string, string>>,
  name: string,
): number | undefined {
  const entry = Object.entries(query).find(
    ([key]) => key.toLowerCase() === name.toLowerCase(),
  );
  if (!entry || entry[1].trim() === '') return undefined;

  const value = Number(entry[1]);
  if (!Number.isInteger(value)) {
    throw badRequest(
      'invalidValue',
      `${name} must be an integer, got "${entry[1].slice(0, 40)}"`,
    );
  }
  return value;
}

/** A SCIM ListResponse (RFC 7644 §3.4.2). */
export function listResponse(
  resources: unknown[],
  totalResults: number,
  startIndex: number,
) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
