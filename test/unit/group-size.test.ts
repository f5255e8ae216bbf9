import { toProxyResult } from '../../lambdas/http/scim-response';
import { DEFAULT_GROUP_MEMBERS_LIMIT } from '../../lambdas/runtime/config';
import { renderGroup } from '../../lambdas/scim/group-resource';
import { listResponse } from '../../lambdas/scim/list-response';
import { ROLES } from '../../lambdas/scim/roles';

/** Lambda's limit on a synchronous response payload. */
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

/** A long base URL: custom domain, stage and path. */
const BASE_URL = `https://${'scim-provisioning.'.repeat(4)}example.com/production-stage/scim/v2`;

function fullGroups() {
  const members = Array.from(
    { length: DEFAULT_GROUP_MEMBERS_LIMIT },
    (_unused, index) => `0193a4b2-7c1d-7e5f-8a9b-${String(index).padStart(12, '0')}`,
  );
  return ROLES.map((role) =>
    renderGroup(
      {
        role,
        externalId: 'f'.repeat(64),
        version: 123456,
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-12-01T00:00:00.000Z',
      },
      members,
      BASE_URL,
    ),
  );
}

describe('group responses at the default member limit', () => {
  it("keeps GET /Groups with three full groups under Lambda's 6 MB response limit", () => {
    const result = toProxyResult({ status: 200, body: listResponse(fullGroups(), 3, 1) });

    const bytes = Buffer.byteLength(JSON.stringify(result));

    expect(bytes).toBeLessThan(LAMBDA_RESPONSE_LIMIT * 0.75);
  });
});
