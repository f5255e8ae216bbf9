import type { ScimRequest } from '../http/scim-request';
import { parseProjection, projectResource, type Projection } from '../scim/projection';
import type { JsonObject } from '../scim/normalize';
import { USER_RESOURCE_SCHEMA } from '../scim/resource-schema';
import type { RenderUsers } from '../scim/user-listing';
import { renderUser, type UserRecord } from '../scim/user-resource';
import { defaultRoleFor } from './default-role';

/** Renders users for a request: its base URL, and the team's default role read at most once. */
export function userRenderer(request: ScimRequest): RenderUsers {
  return async (users: readonly UserRecord[]) => {
    if (users.length === 0) return [];
    const defaultRole = await defaultRoleFor(request, users);
    return users.map((user) => renderUser(user, request.baseUrl, defaultRole));
  };
}

/** Renders one user and applies the request's attributes/excludedAttributes query parameters. */
export async function renderProjectedUser(
  request: ScimRequest,
  user: UserRecord,
): Promise<JsonObject> {
  const [resource] = await userRenderer(request)([user]);
  return projectUser(resource ?? {}, parseProjection(request.query));
}

/** Applies a projection to a rendered user (RFC 7644 §3.4.2.5, §3.9). */
export function projectUser(resource: JsonObject, projection: Projection): JsonObject {
  return projectResource(resource, USER_RESOURCE_SCHEMA, projection);
}
