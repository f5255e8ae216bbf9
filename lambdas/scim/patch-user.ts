import type { Role } from '../store/team-store';
import type { JsonObject } from './normalize';
import { applyPatch } from './patch/apply-patch';
import type { PatchOperation } from './patch/parse-patch';
import { USER_RESOURCE_SCHEMA } from './resource-schema';
import {
  parseUserBody,
  renderUser,
  type UserAttributes,
  type UserRecord,
} from './user-resource';

/**
 * Applies PATCH operations to a stored user: renders it as SCIM JSON,
 * applies every operation in memory (read-only attributes checked there),
 * then reads the result back with the same rules as PUT (required
 * attributes, types, `"True"`/`"False"`, write-only `password` dropped).
 * Throws a ScimError, and writes nothing, if any step fails.
 */
export function patchUser(
  current: UserRecord,
  operations: readonly PatchOperation[],
  baseUrl: string,
  defaultRole: Role,
): UserAttributes {
  const resource: JsonObject = renderUser(current, baseUrl, defaultRole);
  const patched = applyPatch(resource, operations, USER_RESOURCE_SCHEMA);
  return parseUserBody(patched);
}
