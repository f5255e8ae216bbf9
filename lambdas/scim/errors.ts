/** The `scimType` values RFC 7644 §3.12 defines, as this service uses them. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  /** RFC 9865 §2.3: a cursor the service did not issue, or cannot resume. */
  | 'invalidCursor';

/** URN of the SCIM error message schema (RFC 7644 §3.12). */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The JSON body of a SCIM error response. */
export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/**
 * An error the client may see: it carries the HTTP status, the RFC 7644
 * `scimType` where one applies, and a detail that says what was wrong and
 * what would be accepted.
 */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: {
      scimType?: ScimType;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'ScimError';
    this.status = status;
    this.scimType = options.scimType;
    this.headers = options.headers ?? {};
  }

  /** The SCIM error body for this error. */
  toBody(): ScimErrorBody {
    const body: ScimErrorBody = {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      detail: this.message,
    };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }
}

/** 400 with a `scimType`: the request is malformed or asks for something impossible. */
export function badRequest(scimType: ScimType, detail: string): ScimError {
  return new ScimError(400, detail, { scimType });
}

/** 404: the resource does not exist in the caller's team. */
export function notFound(detail: string): ScimError {
  return new ScimError(404, detail);
}

/** 409 `uniqueness`: another resource already holds the value. */
export function conflict(detail: string): ScimError {
  return new ScimError(409, detail, { scimType: 'uniqueness' });
}

/** 412: the `If-Match` version is not the current one. */
export function preconditionFailed(detail: string): ScimError {
  return new ScimError(412, detail);
}
