import type { KeyProvider } from './key-provider';
import { isWellFormedToken } from './token-format';
import { hashToken } from './token-hash';
import type { TokenStore } from '../store/token-store';

/** The outcome of checking an Authorization header. */
export type AuthorizationResult =
  | { readonly allowed: true; readonly teamId: string; readonly tokenId: string }
  | { readonly allowed: false };

/** `Bearer <token>`, with the scheme in any case (Okta may send `BEARER`). */
const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * Resolves an Authorization header to the token's team: a malformed
 * header or token is refused before any read; otherwise one strongly
 * consistent GetItem on the token's keyed hash, and at most one write a
 * minute to record its use.
 */
export async function authorize(
  header: string | undefined,
  deps: { readonly keys: KeyProvider; readonly tokens: TokenStore },
): Promise<AuthorizationResult> {
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  if (!token || !isWellFormedToken(token)) return { allowed: false };

  const hash = hashToken(token, await deps.keys.getKey());
  const record = await deps.tokens.findByHash(hash);
  if (!record) return { allowed: false };

  await deps.tokens.touch(hash, record);
  return { allowed: true, teamId: record.teamId, tokenId: record.tokenId };
}
