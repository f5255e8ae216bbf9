import { scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { getServices } from '../runtime/services';
import { conflict, ScimError } from '../scim/errors';
import { planGroupFilter, type GroupQuery } from '../scim/group-filter';
import { GroupProjection } from '../scim/group-projection';
import { LINK_ADVICE } from '../scim/group-resource';
import { listResponse, parsePageRequest } from '../scim/list-response';
import { isObject } from '../scim/normalize';
import { ROLES } from '../scim/roles';
import type { Role } from '../store/team-store';
import { readGroups } from '../runtime/read-groups';

/** GET /Groups (list, filter, page, projection); POST is refused: the groups are fixed. */
export const handler = scimHandler(async (request) => {
  switch (request.method) {
    case 'GET':
      return listGroups(request);
    case 'POST':
      return refuseCreate(request);
    default:
      throw new ScimError(405, `${request.method} is not allowed on /Groups; use GET`);
  }
});

async function listGroups(request: ScimRequest): Promise<ScimResponse> {
  const page = parsePageRequest(request.query);
  const projection = GroupProjection.fromQuery(request.query);
  const filter = request.query.filter;
  const query =
    filter !== undefined && filter.trim() !== '' ? planGroupFilter(filter) : undefined;

  // externalId lives on the group items: read them (one Query) before paging.
  const states =
    query && query.externalIds.length > 0
      ? (await getServices().groups.read(request.teamId)).groups
      : undefined;
  const matches = (await matchingRoles(request, query)).filter(
    (role) => !query || !states || matchesExternalId(states.get(role)?.externalId, query),
  );
  const slice = matches.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
  const resources = await readGroups(request, slice, projection, { states });

  return {
    status: 200,
    body: listResponse(
      resources.map((resource) => resource.body),
      matches.length,
      page.startIndex,
    ),
  };
}

/**
 * The fixed groups a filter can match, by key reads only: `id` and
 * `displayName` pick among the three names; a membership condition reads
 * that one user's item (its groups are on it).
 */
async function matchingRoles(
  request: ScimRequest,
  query: GroupQuery | undefined,
): Promise<Role[]> {
  if (!query) return [...ROLES];

  let roles = ROLES.filter(
    (role) =>
      query.ids.every((id) => id === role) &&
      query.displayNames.every((name) => name === role),
  );
  for (const userId of new Set(query.memberIds)) {
    if (roles.length === 0) break;
    const user = await getServices().users.get(request.teamId, userId);
    const groups = user?.groups ?? [];
    roles = roles.filter((role) => groups.includes(role));
  }
  return roles;
}

function matchesExternalId(externalId: string | undefined, query: GroupQuery): boolean {
  return query.externalIds.every((wanted) => wanted === externalId);
}

/**
 * POST /Groups: 409 uniqueness for the name of a fixed group (it exists),
 * 403 for any other: groups cannot be created (SPEC.md "Interoperability").
 */
function refuseCreate(request: ScimRequest): never {
  const body = isObject(request.body) ? request.body : {};
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'displayname');
  const displayName = key === undefined ? undefined : body[key];

  if (
    typeof displayName === 'string' &&
    (ROLES as readonly string[]).includes(displayName)
  ) {
    throw conflict(
      `The group ${displayName} already exists (id "${displayName}"). ${LINK_ADVICE}`,
    );
  }
  throw new ScimError(
    403,
    `Groups cannot be created${typeof displayName === 'string' ? ` (got displayName ${JSON.stringify(displayName.slice(0, 80))})` : ''}. ${LINK_ADVICE}`,
  );
}
