import {
  generateToken,
  isWellFormedToken,
  TOKEN_PREFIX,
} from '../../lambdas/auth/token-format';

describe('generateToken', () => {
  it('issues tokens with the recognisable prefix and a valid checksum', () => {
    const token = generateToken();

    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(token).toHaveLength(TOKEN_PREFIX.length + 43 + 6);
    expect(isWellFormedToken(token)).toBe(true);
  });

  it('issues a different token each time', () => {
    const tokens = new Set(Array.from({ length: 200 }, generateToken));

    expect(tokens.size).toBe(200);
  });
});

describe('isWellFormedToken', () => {
  it('rejects a token with one character changed', () => {
    const token = generateToken();
    const index = TOKEN_PREFIX.length + 10;
    const swapped = token[index] === 'a' ? 'b' : 'a';

    expect(
      isWellFormedToken(token.slice(0, index) + swapped + token.slice(index + 1)),
    ).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['another prefix', `ghp_${'a'.repeat(49)}`],
    ['a truncated token', generateToken().slice(0, -1)],
    ['a token with a trailing character', `${generateToken()}x`],
    ['punctuation in the body', `${TOKEN_PREFIX}${'-'.repeat(49)}`],
  ])('rejects %s', (_label, candidate) => {
    expect(isWellFormedToken(candidate)).toBe(false);
  });
});
