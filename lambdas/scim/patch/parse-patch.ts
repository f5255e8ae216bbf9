import { badRequest } from '../errors';
import { describe, isObject } from '../normalize';

/** URN of the PatchOp message (RFC 7644 §3.5.2). */
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** At most this many operations per request: more is 400 tooMany. */
export const MAX_PATCH_OPERATIONS = 1000;

/** One PATCH operation, with `op` lower-cased. */
export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path?: string;
  readonly value?: unknown;
}

/**
 * Reads a PatchOp body. `op` is matched case-insensitively (Entra sends
 * `Add`, `Replace`, `Remove`), as are the member names; `schemas` is not
 * required because Entra's documented examples omit it.
 */
export function parsePatchBody(body: unknown): PatchOperation[] {
  if (!isObject(body)) {
    throw badRequest(
      'invalidSyntax',
      'The request body must be a PatchOp JSON object (RFC 7644 §3.5.2)',
    );
  }
  const operations = memberOf(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) {
    throw badRequest(
      'invalidSyntax',
      'A PatchOp body needs "Operations": a non-empty array of {op, path, value}',
    );
  }
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw badRequest(
      'tooMany',
      `A PATCH may carry at most ${MAX_PATCH_OPERATIONS} operations; it had ${operations.length}`,
    );
  }
  return operations.map(parseOperation);
}

function parseOperation(operation: unknown, index: number): PatchOperation {
  if (!isObject(operation)) {
    throw badRequest(
      'invalidSyntax',
      `Operations[${index}] must be an object, got ${describe(operation)}`,
    );
  }

  const op = memberOf(operation, 'op');
  const lower = typeof op === 'string' ? op.trim().toLowerCase() : '';
  if (lower !== 'add' && lower !== 'replace' && lower !== 'remove') {
    throw badRequest(
      'invalidSyntax',
      `Operations[${index}].op must be add, replace or remove (any case), got ${typeof op === 'string' ? JSON.stringify(op.slice(0, 40)) : describe(op)}`,
    );
  }

  const path = memberOf(operation, 'path');
  if (path !== undefined && path !== null && typeof path !== 'string') {
    throw badRequest(
      'invalidPath',
      `Operations[${index}].path must be a string, got ${describe(path)}`,
    );
  }
  const hasPath = typeof path === 'string' && path.trim() !== '';
  const value = memberOf(operation, 'value');

  if (lower === 'remove' && !hasPath) {
    throw badRequest(
      'noTarget',
      `Operations[${index}] is a remove without a path; RFC 7644 §3.5.2.2 requires one`,
    );
  }
  if (lower !== 'remove' && value === undefined) {
    throw badRequest('invalidValue', `Operations[${index}] (${lower}) needs a value`);
  }
  if (lower !== 'remove' && !hasPath && !isObject(value)) {
    throw badRequest(
      'invalidValue',
      `Operations[${index}] (${lower}) without a path needs an object value of attributes, got ${describe(value)}`,
    );
  }

  return {
    op: lower,
    ...(hasPath ? { path } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}

function memberOf(object: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
