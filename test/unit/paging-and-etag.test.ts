import type { ScimError } from '../../lambdas/scim/errors';
import { parseIfMatch } from '../../lambdas/scim/etag';
import { MAX_PAGE_SIZE, parsePageRequest } from '../../lambdas/scim/list-response';

describe('parsePageRequest', () => {
  it('defaults to the first page of 100', () => {
    expect(parsePageRequest({})).toEqual({ startIndex: 1, count: 100 });
  });

  it('reads startIndex below 1 as 1 and a negative count as 0 (RFC 7644 §3.4.2.4)', () => {
    expect(parsePageRequest({ startIndex: '-5', count: '-1' })).toEqual({
      startIndex: 1,
      count: 0,
    });
  });

  it('caps count at the maximum page size', () => {
    expect(parsePageRequest({ count: '100000' }).count).toBe(MAX_PAGE_SIZE);
  });

  it('refuses a non-integer with 400 invalidValue', () => {
    expect(() => parsePageRequest({ count: 'ten' })).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidValue' }) as ScimError,
    );
  });
});

describe('parseIfMatch', () => {
  it.each([
    ['W/"3"', 3],
    ['"12"', 12],
    ['*', undefined],
    [undefined, undefined],
  ])('reads %p as %p', (header, expected) => {
    expect(parseIfMatch(header)).toBe(expected);
  });

  it('answers a version that was never issued with 412', () => {
    expect(() => parseIfMatch('W/"abc"')).toThrow(
      expect.objectContaining({ status: 412 }) as ScimError,
    );
  });
});
