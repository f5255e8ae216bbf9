import type { DynamoDBStreamEvent } from 'aws-lambda';

import { applyUserChanges } from '../changes/apply-user-changes';
import { readUserChanges } from '../changes/user-changes';
import { loadConfig } from '../runtime/config';
import { buildServices, type Services } from '../runtime/services';

/** A function the table's stream invokes with a batch of records. */
export type ChangeFeedHandler = (event: DynamoDBStreamEvent) => Promise<void>;

/**
 * The change-feed function over `services`: reads the user-item changes
 * of a batch (lib/change-feed.ts) and writes what they imply. A failure
 * fails the whole batch, which the event source mapping splits and
 * retries (the work is safe to repeat) and finally sends to the
 * dead-letter queue.
 */
export function changeFeedHandler(services: Services): ChangeFeedHandler {
  const deps = {
    db: services.db,
    tableName: services.config.tableName,
    audit: services.audit,
    groups: services.groups,
  };
  return async (event) => {
    const changes = readUserChanges(event.Records);
    try {
      const outcome = await applyUserChanges(deps, changes);
      services.logger.debug('change feed batch', {
        records: event.Records.length,
        userChanges: changes.length,
        ...outcome,
      });
    } catch (error) {
      services.logger.error('change feed batch failed', {
        records: event.Records.length,
        userChanges: changes.length,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      throw error;
    }
  };
}

let deployed: ChangeFeedHandler | undefined;

/** The deployed entry point: its own services, built once per container. */
export const handler: ChangeFeedHandler = (event) => {
  deployed ??= changeFeedHandler(buildServices(loadConfig()));
  return deployed(event);
};
