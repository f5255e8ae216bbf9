import fc from 'fast-check';

import { decodeCursor, encodeCursor } from '../../lambdas/scim/cursor';
import { ScimError } from '../../lambdas/scim/errors';

describe('cursor', () => {
  it('decodes to the id it encodes, for the same team', () => {
    const cursor = encodeCursor('team-1', '01a23c1c-7a20-7434-bd8b-c02245b2fc7b');

    expect(decodeCursor('team-1', cursor)).toBe('01a23c1c-7a20-7434-bd8b-c02245b2fc7b');
  });

  it('answers invalidCursor to a cursor of another team', () => {
    const cursor = encodeCursor('team-1', 'u1');

    expect(() => decodeCursor('team-2', cursor)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidCursor' }),
    );
  });

  it('answers invalidCursor, and nothing else, to any other string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          decodeCursor('team-1', text);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
          expect((error as ScimError).scimType).toBe('invalidCursor');
        }
      }),
      { numRuns: 2000 },
    );
    const forged = Buffer.from(JSON.stringify({ v: 1, t: 'x', k: 'u1' })).toString(
      'base64url',
    );
    expect(() => decodeCursor('team-1', forged)).toThrow(ScimError);
  });
});
