import fc from 'fast-check';

import { generateToken, isWellFormedToken } from '../../lambdas/auth/token-format';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('token checksum', () => {
  it('rejects every token with one character mistyped, wherever it is', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...ALPHABET), (position, replacement) => {
        const token = generateToken();
        const index = position % token.length;
        fc.pre(token[index] !== replacement);

        const mistyped = token.slice(0, index) + replacement + token.slice(index + 1);

        expect(isWellFormedToken(mistyped)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every token with two neighbouring characters swapped', () => {
    fc.assert(
      fc.property(fc.nat(), (position) => {
        const token = generateToken();
        const index = position % (token.length - 1);
        fc.pre(token[index] !== token[index + 1]);

        const swapped =
          token.slice(0, index) +
          (token[index + 1] ?? '') +
          (token[index] ?? '') +
          token.slice(index + 2);

        expect(isWellFormedToken(swapped)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
