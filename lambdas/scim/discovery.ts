import { notFound } from './errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './list-response';
import { RESOURCE_TYPES, SCHEMAS } from './schemas';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

/**
 * The ServiceProviderConfig (RFC 7643 §5). It states only what is
 * implemented: PATCH, the full filter grammar (at most `maxResults` per
 * page), ETags, index and cursor paging; no bulk, sorting or password
 * change.
 */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    // RFC 9865 §4: both paging methods; cursors do not expire (they name a position).
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_PAGE_SIZE,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description:
          'A token issued by the team administrator, sent as Authorization: Bearer <token>.',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}

/** Every schema, as /Schemas serves them (RFC 7644 §4). */
export function schemaResources(baseUrl: string) {
  return SCHEMAS.map((schema) => ({
    schemas: [SCHEMA_SCHEMA],
    ...schema,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  }));
}

/** One schema by its URN; 404 when unknown. */
export function schemaResource(baseUrl: string, id: string) {
  const found = schemaResources(baseUrl).find((schema) => schema.id === id);
  if (!found)
    throw notFound(
      `Schema ${id} is not served here; GET /Schemas lists the ones that are`,
    );
  return found;
}

/** Every resource type, as /ResourceTypes serves them (RFC 7643 §6). */
export function resourceTypeResources(baseUrl: string) {
  return RESOURCE_TYPES.map((type) => ({
    schemas: [RESOURCE_TYPE_SCHEMA],
    ...type,
    meta: {
      resourceType: 'ResourceType',
      location: `${baseUrl}/ResourceTypes/${type.id}`,
    },
  }));
}

/** One resource type by id; 404 when unknown. */
export function resourceTypeResource(baseUrl: string, id: string) {
  const found = resourceTypeResources(baseUrl).find((type) => type.id === id);
  if (!found) {
    throw notFound(
      `ResourceType ${id} is not served here; GET /ResourceTypes lists the ones that are`,
    );
  }
  return found;
}
