import { recordAudit, requestActor } from '../http/record-audit';
import { scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { defaultRoleFor } from '../runtime/default-role';
import { renderProjectedUser } from '../runtime/render-users';
import { getServices } from '../runtime/services';
import { notFound, ScimError } from '../scim/errors';
import { matchesIfNoneMatch, parseIfMatch } from '../scim/etag';
import { parsePatchBody } from '../scim/patch/parse-patch';
import { patchUser } from '../scim/patch-user';
import { parseUserBody, userEtag, type UserRecord } from '../scim/user-resource';

/** GET, PUT, PATCH and DELETE of /Users/{id}. */
export const handler = scimHandler(async (request) => {
  const id = request.pathParameters.id ?? '';

  switch (request.method) {
    case 'GET':
      return getUser(request, id);
    case 'PUT':
      return replaceUser(request, id);
    case 'PATCH':
      return patchUserRoute(request, id);
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
        `${request.method} is not allowed on /Users/{id}; use GET, PUT, PATCH or DELETE`,
      );
  }
});

async function getUser(request: ScimRequest, id: string): Promise<ScimResponse> {
  const user = await getServices().users.get(request.teamId, id);
  if (!user) throw notFound(`User ${id} not found in this team`);
  // RFC 7644 §3.14: the client's copy is current, send no body.
  if (matchesIfNoneMatch(request.headers['if-none-match'], user.version)) {
    return { status: 304, headers: { ETag: userEtag(user.version) } };
  }
  return userResponse(request, user);
}

/**
 * PATCH (RFC 7644 §3.5.2): every operation applied in memory to the
 * version read, validated like a PUT, and written in one conditional
 * write (through the userName guard protocol when userName changes). A
 * lost race re-applies the operations to the fresh version, unless
 * If-Match pinned one (then 412). Answers 200 with the user.
 */
async function patchUserRoute(request: ScimRequest, id: string): Promise<ScimResponse> {
  const expectedVersion = parseIfMatch(request.headers['if-match']);
  const operations = parsePatchBody(request.body);
  const user = await getServices().users.replace(
    request.teamId,
    id,
    // The team's default role shows in `roles`, which the PATCH may echo back unchanged.
    async (current) =>
      patchUser(
        current,
        operations,
        request.baseUrl,
        await defaultRoleFor(request, [current]),
      ),
    { operation: 'patch', actor: requestActor(request) },
    expectedVersion,
  );
  return userResponse(request, user);
}

async function replaceUser(request: ScimRequest, id: string): Promise<ScimResponse> {
  const expectedVersion = parseIfMatch(request.headers['if-match']);
  const attributes = parseUserBody(request.body);
  const user = await getServices().users.replace(
    request.teamId,
    id,
    attributes,
    { operation: 'replace', actor: requestActor(request) },
    expectedVersion,
  );
  return userResponse(request, user);
}

async function userResponse(
  request: ScimRequest,
  user: UserRecord,
): Promise<ScimResponse> {
  return {
    status: 200,
    body: await renderProjectedUser(request, user),
    headers: { ETag: userEtag(user.version) },
  };
}
