import type { KeyProvider } from '../auth/key-provider';
import type { AuditStore } from '../store/audit-store';
import type { TeamStore } from '../store/team-store';
import type { TokenStore } from '../store/token-store';

/** What the admin commands work with; the admin Lambda passes its container's services. */
export interface AdminDeps {
  readonly teams: TeamStore;
  readonly tokens: TokenStore;
  readonly audit: AuditStore;
  readonly keys: KeyProvider;
}

/** The audit actor of every admin command: the admin Lambda is invoked with IAM credentials. */
export const ADMIN_ACTOR = { type: 'admin' } as const;
