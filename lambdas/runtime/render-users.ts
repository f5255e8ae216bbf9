import type { ScimRequest } from '../http/scim-request';
import { parseProjection, projectResource, type Projection } from '../scim/projection';
import { isObject, type JsonObject } from '../scim/normalize';
import { USER_RESOURCE_SCHEMA } from '../scim/resource-schema';
import { ENTERPRISE_USER_SCHEMA } from '../scim/schemas';
import type { RenderUsers } from '../scim/user-listing';
import { renderUser, type UserRecord } from '../scim/user-resource';
import { defaultRoleFor } from './default-role';
import { getServices } from './services';

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
  const [projected] = await withManagerNames(request, [
    projectUser(resource ?? {}, parseProjection(request.query)),
  ]);
  return projected ?? {};
}

/** Applies a projection to a rendered user (RFC 7644 §3.4.2.5, §3.9). */
export function projectUser(resource: JsonObject, projection: Projection): JsonObject {
  return projectResource(resource, USER_RESOURCE_SCHEMA, projection);
}

/**
 * Fills in the `displayName` of each user's manager, so `manager` reads
 * `{value, $ref, displayName}` as Entra expects (IDP-TRAFFIC E35): one
 * BatchGetItem for the distinct managers on the page. A manager
 * that is not (or no longer) a user of the team keeps `{value, $ref}`.
 */
export async function withManagerNames(
  request: ScimRequest,
  resources: readonly JsonObject[],
): Promise<JsonObject[]> {
  const managerIds = new Set(resources.flatMap((resource) => managerOf(resource) ?? []));
  if (managerIds.size === 0) return [...resources];

  const managers = await getServices().users.getMany(request.teamId, [...managerIds]);
  const names = new Map<string, string>();
  for (const manager of managers) {
    const name = displayNameOf(manager);
    if (name) names.set(manager.id, name);
  }

  return resources.map((resource) => {
    const id = managerOf(resource);
    const name = id === undefined ? undefined : names.get(id);
    const extension = resource[ENTERPRISE_USER_SCHEMA];
    if (name === undefined || !isObject(extension) || !isObject(extension.manager)) {
      return resource;
    }
    return {
      ...resource,
      [ENTERPRISE_USER_SCHEMA]: {
        ...extension,
        manager: { ...extension.manager, displayName: name },
      },
    };
  });
}

function managerOf(resource: JsonObject): string | undefined {
  const extension = resource[ENTERPRISE_USER_SCHEMA];
  if (!isObject(extension) || !isObject(extension.manager)) return undefined;
  const value = extension.manager.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The name to show for a user: displayName, else formatted name, else given and family name, else userName. */
function displayNameOf(user: UserRecord): string | undefined {
  const { displayName, name, userName } = user.core;
  if (typeof displayName === 'string' && displayName !== '') return displayName;
  if (isObject(name)) {
    if (typeof name.formatted === 'string' && name.formatted !== '')
      return name.formatted;
    const parts = [name.givenName, name.familyName].filter(
      (part) => typeof part === 'string' && part !== '',
    );
    if (parts.length > 0) return parts.join(' ');
  }
  return typeof userName === 'string' ? userName : undefined;
}
