import type { Role } from '../store/team-store';
import { badRequest } from './errors';
import { isObject, normalizeAttributes, type JsonObject } from './normalize';
import { effectiveRole } from './roles';
import {
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  USER_SCHEMA,
  USER_SCHEMA_DEFINITION,
} from './schemas';

/** A user's SCIM attributes as stored: schema spelling and types, no read-only parts. */
export interface UserAttributes {
  /** Core attributes (userName, name, emails, active, ...). */
  readonly core: JsonObject;
  /** Enterprise extension attributes, when any were given. */
  readonly enterprise?: JsonObject;
  /** The IdP's id for the user (RFC 7643 §3.1), case-exact. */
  readonly externalId?: string;
}

/** Server-held facts about a stored user, for rendering. */
export interface UserRecord extends UserAttributes {
  readonly id: string;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  /** The fixed groups the user is in, highest first; written only through /Groups. */
  readonly groups?: readonly Role[];
}

/**
 * Reads the body of a POST or PUT into the stored form and checks what
 * the service requires: `userName`, `name.givenName`, `name.familyName`.
 */
export function parseUserBody(body: unknown): UserAttributes {
  if (!isObject(body)) {
    throw badRequest(
      'invalidSyntax',
      'The request body must be a JSON object holding a User resource',
    );
  }

  const { core, enterpriseInput, externalId } = splitBody(body);
  const attributes = normalizeAttributes(USER_SCHEMA_DEFINITION.attributes, core);
  if (attributes.active === undefined) attributes.active = true;

  const userName = attributes.userName;
  if (typeof userName !== 'string' || userName.trim() === '') {
    throw badRequest(
      'invalidValue',
      "userName is required: send the user's e-mail address as a non-empty string",
    );
  }
  const name = isObject(attributes.name) ? attributes.name : {};
  for (const part of ['givenName', 'familyName']) {
    const value = name[part];
    if (typeof value !== 'string' || value.trim() === '') {
      throw badRequest(
        'invalidValue',
        `name.${part} is required: send it as a non-empty string`,
      );
    }
  }

  const enterprise = enterpriseInput
    ? normalizeAttributes(ENTERPRISE_USER_SCHEMA_DEFINITION.attributes, enterpriseInput)
    : undefined;

  return {
    core: attributes,
    ...(enterprise && Object.keys(enterprise).length > 0 ? { enterprise } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
  };
}

function splitBody(body: JsonObject) {
  const core: JsonObject = {};
  let enterpriseInput: JsonObject | undefined;
  let externalId: string | undefined;

  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === ENTERPRISE_USER_SCHEMA.toLowerCase()) {
      if (value === null) continue;
      if (!isObject(value)) {
        throw badRequest(
          'invalidValue',
          `${ENTERPRISE_USER_SCHEMA} must be an object of enterprise attributes`,
        );
      }
      enterpriseInput = withManagerObject(value);
    } else if (lower === 'externalid') {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string') {
        throw badRequest('invalidValue', 'externalId must be a string');
      }
      externalId = value;
    } else if (lower.startsWith(`${USER_SCHEMA.toLowerCase()}:`)) {
      // A core attribute written with its schema URN (RFC 7644 §3.10).
      core[key.slice(USER_SCHEMA.length + 1)] = value;
    } else {
      core[key] = value;
    }
  }

  return { core, enterpriseInput, externalId };
}

/** Entra sends `manager` as a plain id string; the schema says it is `{value}`. */
function withManagerObject(enterprise: JsonObject): JsonObject {
  const copy = { ...enterprise };
  for (const key of Object.keys(copy)) {
    if (key.toLowerCase() === 'manager' && typeof copy[key] === 'string') {
      copy[key] = copy[key] === '' ? null : { value: copy[key] };
    }
  }
  return copy;
}

/**
 * Renders a stored user as a SCIM User resource (RFC 7643 §4.1), with its
 * groups and its effective role; `defaultRole` is the team's setting, the
 * role of a user in no group.
 */
export function renderUser(
  user: UserRecord,
  baseUrl: string,
  defaultRole: Role,
): JsonObject {
  const location = `${baseUrl}/Users/${user.id}`;
  const resource: JsonObject = {
    schemas: user.enterprise ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: user.id,
    ...(user.externalId !== undefined ? { externalId: user.externalId } : {}),
    ...user.core,
  };

  if (user.enterprise) {
    const enterprise: JsonObject = { ...user.enterprise };
    const manager = enterprise.manager;
    if (isObject(manager) && typeof manager.value === 'string') {
      enterprise.manager = { ...manager, $ref: `${baseUrl}/Users/${manager.value}` };
    }
    resource[ENTERPRISE_USER_SCHEMA] = enterprise;
  }

  const groups = user.groups ?? [];
  if (groups.length > 0) {
    resource.groups = groups.map((role) => ({
      value: role,
      $ref: `${baseUrl}/Groups/${role}`,
      display: role,
      type: 'direct',
    }));
  }
  resource.roles = [{ value: effectiveRole(groups, defaultRole), primary: true }];

  resource.meta = {
    resourceType: 'User',
    created: user.created,
    lastModified: user.lastModified,
    location,
    version: userEtag(user.version),
  };
  return resource;
}

/** The weak ETag of a user version (RFC 7644 §3.14). */
export function userEtag(version: number): string {
  return `W/"${version}"`;
}
