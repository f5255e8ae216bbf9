import type { Operation, TargetState } from './operations';

/** A SCIM service under test: ours or the peer. */
export interface Target {
  /** Shown in the report, such as `scimmy 1.3.5 + scimmy-routers 1.3.2 + express 5.3.0`. */
  readonly name: string;
  /** The SCIM base URL, such as `http://127.0.0.1:4000/scim/v2`. */
  readonly baseUrl: string;
  readonly token: string;
  readonly state: TargetState;
  /** Whether the service has the route an operation needs. */
  supports(operation: Operation): boolean;
  close(): Promise<void>;
}

/** How many users a target seeds, and how many it makes to be deleted. */
export interface SeedPlan {
  readonly users: number;
  readonly doomed: number;
}
