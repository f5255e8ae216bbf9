import { recordAudit, requestActor } from '../http/record-audit';
import { scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { readGroups } from '../runtime/read-groups';
import { getServices } from '../runtime/services';
import { preconditionFailed, ScimError } from '../scim/errors';
import { matchesIfNoneMatch, parseIfMatch } from '../scim/etag';
import type { GroupChange } from '../scim/group-change';
import { parseGroupPatch } from '../scim/group-patch';
import { GroupProjection } from '../scim/group-projection';
import { groupById, groupEtag, LINK_ADVICE, parseGroupPut } from '../scim/group-resource';
import { applyGroupChange } from '../store/apply-group-change';
import type { GroupState } from '../store/group-store';
import type { Role } from '../store/team-store';

/** GET, PUT and PATCH (membership) of /Groups/{id}; DELETE is refused: the groups are fixed. */
export const handler = scimHandler(async (request) => {
  const role = groupById(request.pathParameters.id ?? '');

  switch (request.method) {
    case 'GET':
      return groupResponse(request, role, GroupProjection.fromQuery(request.query), true);
    case 'PUT':
      return changeGroup(request, role, parseGroupPut(request.body, role), 200);
    case 'PATCH':
      return changeGroup(request, role, parseGroupPatch(request.body, role), 204);
    case 'DELETE':
      throw new ScimError(403, `The group ${role} cannot be deleted. ${LINK_ADVICE}`);
    default:
      throw new ScimError(
        405,
        `${request.method} is not allowed on /Groups/{id}; use GET, PUT or PATCH`,
      );
  }
});

/**
 * Applies a PUT or PATCH. A PATCH answers 204 with no member list
 * (Microsoft asks for it) unless the request names `attributes`; a PUT
 * answers 200 with the group (RFC 7644 §3.5.1).
 */
async function changeGroup(
  request: ScimRequest,
  role: Role,
  change: GroupChange,
  status: 200 | 204,
): Promise<ScimResponse> {
  const services = getServices();
  const state = (await services.groups.read(request.teamId)).groups.get(role);
  if (!state) throw new Error(`Group state of ${role} is missing`);
  checkIfMatch(request, state);

  const { externalIdChanged } = await applyGroupChange(
    services,
    request.teamId,
    state,
    change,
    new Date(),
    requestActor(request),
  );
  // Members are audited one by one by the change feed; the group's own
  // externalId is written here, so it is audited here.
  if (externalIdChanged) {
    await recordAudit(request, {
      operation: request.method === 'PUT' ? 'replace' : 'patch',
      resourceType: 'Group',
      resourceId: role,
    });
  }

  const projection = GroupProjection.fromQuery(request.query);
  if (status === 204 && !projection.asksForAttributes) return { status: 204 };
  return groupResponse(request, role, projection);
}

/**
 * The group as a response shows it, with its ETag. On a GET, an
 * `If-None-Match` naming the current version answers 304 before any
 * member is read (RFC 7644 §3.14).
 */
async function groupResponse(
  request: ScimRequest,
  role: Role,
  projection: GroupProjection,
  honourIfNoneMatch = false,
): Promise<ScimResponse> {
  const states = (await getServices().groups.read(request.teamId)).groups;
  const version = states.get(role)?.version ?? 1;
  const headers = { ETag: groupEtag(version) };
  if (
    honourIfNoneMatch &&
    matchesIfNoneMatch(request.headers['if-none-match'], version)
  ) {
    return { status: 304, headers };
  }

  const [group] = await readGroups(request, [role], projection, { states });
  return { status: 200, body: group?.body, headers };
}

/**
 * `If-Match` on a group (RFC 7644 §3.14), checked against the version
 * read before the writes. The member writes are separate items, so this
 * narrows the race with another writer rather than closing it.
 */
function checkIfMatch(request: ScimRequest, state: GroupState): void {
  const expected = parseIfMatch(request.headers['if-match']);
  if (expected !== undefined && expected !== state.version) {
    throw preconditionFailed(
      `Group ${state.role} is at version ${groupEtag(state.version)}, not the one in If-Match; GET it again and retry`,
    );
  }
}
