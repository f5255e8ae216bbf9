import { scimHandler } from '../http/scim-handler';
import { schemaResource, schemaResources } from '../scim/discovery';
import { listResponse } from '../scim/list-response';

/** GET /Schemas and GET /Schemas/{id}. */
export const handler = scimHandler(async (request) => {
  const id = request.pathParameters.id;
  if (id !== undefined) return { status: 200, body: schemaResource(request.baseUrl, id) };

  const all = schemaResources(request.baseUrl);
  return { status: 200, body: listResponse(all, all.length, 1) };
});
