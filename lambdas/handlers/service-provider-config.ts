import { scimHandler } from '../http/scim-handler';
import { serviceProviderConfig } from '../scim/discovery';

/** GET /ServiceProviderConfig. */
export const handler = scimHandler(async (request) => ({
  status: 200,
  body: serviceProviderConfig(request.baseUrl),
}));
