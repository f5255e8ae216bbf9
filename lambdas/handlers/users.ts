import { requestActor } from '../http/record-audit';
import { scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import {
  projectUser,
  renderProjectedUser,
  userRenderer,
  withManagerNames,
} from '../runtime/render-users';
import { getServices } from '../runtime/services';
import { ScimError } from '../scim/errors';
import { listRequestFromQuery, listRequestFromSearchBody } from '../scim/list-request';
import { listResponse } from '../scim/list-response';
import { listUsers as findUsers } from '../scim/user-listing';
import { parseUserBody, userEtag } from '../scim/user-resource';

/** GET /Users (list, filter, page), POST /Users (create) and POST /Users/.search. */
export const handler = scimHandler(async (request) => {
  switch (request.method) {
    case 'GET':
      return listUsers(request, false);
    case 'POST':
      // POST /Users/.search is a query (RFC 7644 §3.4.3), served here too.
      return request.resource.endsWith('/.search')
        ? listUsers(request, true)
        : createUser(request);
    default:
      throw new ScimError(
        405,
        `${request.method} is not allowed on /Users; use GET or POST`,
      );
  }
});

async function listUsers(request: ScimRequest, search: boolean): Promise<ScimResponse> {
  const listRequest = search
    ? listRequestFromSearchBody(request.body)
    : listRequestFromQuery(request.query);
  const page = await findUsers(
    getServices().users,
    request.teamId,
    listRequest,
    userRenderer(request),
  );
  const resources = await withManagerNames(
    request,
    page.resources.map((resource) => projectUser(resource, listRequest.projection)),
  );

  return {
    status: 200,
    body: {
      ...listResponse(resources, page.totalResults, page.startIndex ?? 1),
      ...(listRequest.cursor !== undefined ? { startIndex: undefined } : {}),
      ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
    },
  };
}

async function createUser(request: ScimRequest): Promise<ScimResponse> {
  const attributes = parseUserBody(request.body);
  const user = await getServices().users.create(
    request.teamId,
    attributes,
    requestActor(request),
  );
  const resource = await renderProjectedUser(request, user);

  return {
    status: 201,
    body: resource,
    headers: {
      Location: `${request.baseUrl}/Users/${user.id}`,
      ETag: userEtag(user.version),
    },
  };
}
