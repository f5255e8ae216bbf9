import { scimHandler } from '../http/scim-handler';
import { resourceTypeResource, resourceTypeResources } from '../scim/discovery';
import { listResponse } from '../scim/list-response';

/** GET /ResourceTypes and GET /ResourceTypes/{id}. */
export const handler = scimHandler(async (request) => {
  const id = request.pathParameters.id;
  if (id !== undefined)
    return { status: 200, body: resourceTypeResource(request.baseUrl, id) };

  const all = resourceTypeResources(request.baseUrl);
  return { status: 200, body: listResponse(all, all.length, 1) };
});
