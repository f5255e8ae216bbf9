import { recordAudit } from '../http/record-audit';
import { scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { defaultRoleFor } from '../runtime/default-role';
import { getServices } from '../runtime/services';
import { ScimError } from '../scim/errors';
import { listResponse, parsePageRequest } from '../scim/list-response';
import { planUserFilter } from '../scim/user-filter';
import {
  parseUserBody,
  renderUser,
  userEtag,
  type UserRecord,
} from '../scim/user-resource';

/** GET /Users (list, filter, page) and POST /Users (create). */
export const handler = scimHandler(async (request) => {
  switch (request.method) {
    case 'GET':
      return listUsers(request);
    case 'POST':
      return createUser(request);
    default:
      throw new ScimError(
        405,
        `${request.method} is not allowed on /Users; use GET or POST`,
      );
  }
});

async function listUsers(request: ScimRequest): Promise<ScimResponse> {
  const { users } = getServices();
  const page = parsePageRequest(request.query);
  const filter = request.query.filter;

  if (filter !== undefined && filter.trim() !== '') {
    const matches = await findUsers(request.teamId, filter);
    const slice = matches.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
    const defaultRole = await defaultRoleFor(request, slice);
    return {
      status: 200,
      body: listResponse(
        slice.map((user) => renderUser(user, request.baseUrl, defaultRole)),
        matches.length,
        page.startIndex,
      ),
    };
  }

  const result = await users.list(request.teamId, page.startIndex, page.count);
  const defaultRole = await defaultRoleFor(request, result.users);
  return {
    status: 200,
    body: listResponse(
      result.users.map((user) => renderUser(user, request.baseUrl, defaultRole)),
      result.totalResults,
      page.startIndex,
    ),
  };
}

async function findUsers(teamId: string, filter: string): Promise<UserRecord[]> {
  const { users } = getServices();
  const lookup = planUserFilter(filter);

  switch (lookup.by) {
    case 'userName': {
      const user = await users.findByUserName(teamId, lookup.value);
      return user ? [user] : [];
    }
    case 'id': {
      const user = await users.get(teamId, lookup.value);
      return user ? [user] : [];
    }
    case 'externalId':
      return users.findByExternalId(teamId, lookup.value);
  }
}

async function createUser(request: ScimRequest): Promise<ScimResponse> {
  const attributes = parseUserBody(request.body);
  const user = await getServices().users.create(request.teamId, attributes);
  await recordAudit(request, {
    operation: 'create',
    resourceType: 'User',
    resourceId: user.id,
  });
  const resource = renderUser(
    user,
    request.baseUrl,
    await defaultRoleFor(request, [user]),
  );

  return {
    status: 201,
    body: resource,
    headers: {
      Location: `${request.baseUrl}/Users/${user.id}`,
      ETag: userEtag(user.version),
    },
  };
}
