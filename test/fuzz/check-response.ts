/** What went wrong with one fuzzed response, or undefined when it is acceptable. */
export function responseProblem(
  method: string,
  status: number,
  headers: Headers,
  text: string,
): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status < 400 || method === 'HEAD') return undefined;

  if (!/^application\/scim\+json/.test(headers.get('content-type') ?? '')) {
    return `error ${status} is not application/scim+json`;
  }
  let body: { schemas?: unknown; status?: unknown; detail?: unknown; scimType?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `error ${status} has a body that is not JSON`;
  }
  if (
    !Array.isArray(body.schemas) ||
    !body.schemas.includes('urn:ietf:params:scim:api:messages:2.0:Error')
  ) {
    return `error ${status} lacks the Error schema`;
  }
  if (body.status !== String(status))
    return `error ${status} says status ${String(body.status)}`;
  if (typeof body.detail !== 'string' || body.detail === '')
    return `error ${status} has no detail`;
  return undefined;
}
