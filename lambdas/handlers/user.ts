import { recordAudit } from '../http/record-audit';
import { scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { defaultRoleFor } from '../runtime/default-role';
import { getServices } from '../runtime/services';
import { notFound, ScimError } from '../scim/errors';
import { parseIfMatch } from '../scim/etag';
import {
  parseUserBody,
  renderUser,
  userEtag,
  type UserRecord,
} from '../scim/user-resource';

/** GET, PUT and DELETE of /Users/{id}. */
export const handler = scimHandler(async (request) => {
  const id = request.pathParameters.id ?? '';

  switch (request.method) {
    case 'GET':
      return getUser(request, id);
    case 'PUT':
      return replaceUser(request, id);
    case 'DELETE':
      await getServices().users.delete(
        request.teamId,
        id,
        parseIfMatch(request.headers['if-match']),
      );
      await recordAudit(request, {
        operation: 'delete',
        resourceType: 'User',
        resourceId: id,
      });
      return { status: 204 };
    default:
      throw new ScimError(
        405,
        `${request.method} is not allowed on /Users/{id}; use GET, PUT or DELETE`,
      );
  }
});

async function getUser(request: ScimRequest, id: string): Promise<ScimResponse> {
  const user = await getServices().users.get(request.teamId, id);
  if (!user) throw notFound(`User ${id} not found in this team`);
  return userResponse(request, user);
}

async function replaceUser(request: ScimRequest, id: string): Promise<ScimResponse> {
  const expectedVersion = parseIfMatch(request.headers['if-match']);
  const attributes = parseUserBody(request.body);
  const user = await getServices().users.replace(
    request.teamId,
    id,
    attributes,
    expectedVersion,
  );
  await recordAudit(request, {
    operation: 'replace',
    resourceType: 'User',
    resourceId: user.id,
  });
  return userResponse(request, user);
}

async function userResponse(
  request: ScimRequest,
  user: UserRecord,
): Promise<ScimResponse> {
  return {
    status: 200,
    body: renderUser(user, request.baseUrl, await defaultRoleFor(request, [user])),
    headers: { ETag: userEtag(user.version) },
  };
}
