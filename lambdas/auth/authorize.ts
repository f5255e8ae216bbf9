import type { KeyProvider } from './key-provider';
import { isWellFormedToken } from './token-format';
import { hashToken } from './token-hash';
import type { Role } from '../store/team-store';
import type { TokenStore } from '../store/token-store';

/**
 * Why a known token is refused when its team has SCIM switched off. It
 * travels in the authorizer context into API Gateway's ACCESS_DENIED
 * response template, so it must stay plain text without quotes or
 * backslashes.
 */
export const SCIM_SWITCHED_OFF_REASON =
  'SCIM provisioning is switched off for this team; ask the application administrator to switch it on';

/** The outcome of checking an Authorization header. */
export type AuthorizationResult =
  | {
      readonly allowed: true;
      readonly teamId: string;
      readonly tokenId: string;
      readonly tokenName: string;
      /** The team's default role, copied onto the token item. */
      readonly defaultRole?: Role;
    }
  /** An unknown, malformed or revoked token: 401. */
  | { readonly allowed: false; readonly forbidden?: undefined }
  /** A valid token that may not use SCIM now: 403 with the reason. */
  | {
      readonly allowed: false;
      readonly forbidden: {
        readonly teamId: string;
        readonly tokenId: string;
        readonly reason: string;
      };
    };

/** `Bearer <token>`, with the scheme in any case (Okta may send `BEARER`). */
const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * Resolves an Authorization header to the token's team: a malformed
 * header or token is refused before any read; otherwise one strongly
 * consistent GetItem on the token's keyed hash (which also carries the
 * team's `scimEnabled`), and at most one write a minute to record its use.
 * Only while a previous key is configured does a miss cost a second read.
 */
export async function authorize(
  header: string | undefined,
  deps: { readonly keys: KeyProvider; readonly tokens: TokenStore },
): Promise<AuthorizationResult> {
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  if (!token || !isWellFormedToken(token)) return { allowed: false };

  let hash = hashToken(token, await deps.keys.getKey());
  let record = await deps.tokens.findByHash(hash);
  if (!record) {
    // During a key rotation, tokens issued before it are stored under the
    // previous key's hash: a second read, for those and unknown tokens only.
    const previous = await deps.keys.getPreviousKey?.();
    if (previous) {
      hash = hashToken(token, previous);
      record = await deps.tokens.findByHash(hash);
    }
  }
  if (!record) return { allowed: false };
  if (!record.scimEnabled) {
    return {
      allowed: false,
      forbidden: {
        teamId: record.teamId,
        tokenId: record.tokenId,
        reason: SCIM_SWITCHED_OFF_REASON,
      },
    };
  }

  await deps.tokens.touch(hash, record);
  return {
    allowed: true,
    teamId: record.teamId,
    tokenId: record.tokenId,
    tokenName: record.name,
    ...(record.defaultRole ? { defaultRole: record.defaultRole } : {}),
  };
}
