/**
 * The change feed: the table's DynamoDB stream, read by one function that
 * writes what a user change implies beside the change itself (its audit
 * entry, its groups' versions, the team's user count). Described once,
 * for the stack and for the local stand-in of Streams (local/).
 */
import { USER_SK_PREFIX } from '../lambdas/store/keys';

/** Handler module of the change-feed function under `lambdas/handlers/`. */
export const CHANGE_FEED_HANDLER = 'change-feed';

/** The stream carries both images: the feed compares a user's groups before and after. */
export const CHANGE_FEED_VIEW = 'NEW_AND_OLD_IMAGES';

/** Records per invocation at most. */
export const CHANGE_FEED_BATCH_SIZE = 100;

/** Times a failing batch is retried before it goes to the dead-letter queue. */
export const CHANGE_FEED_RETRY_ATTEMPTS = 10;

/**
 * Only user items reach the function (an event filter on the sort key):
 * the feed's own writes (audit entries, group items, the count) and
 * guards, tokens and teams never invoke it.
 */
export const CHANGE_FEED_SORT_KEY_PREFIX = USER_SK_PREFIX;

/** Whether a record with these keys passes the feed's filter (as the stack's filter rule does). */
export function passesChangeFeedFilter(keys: {
  readonly sk?: { readonly S?: string };
}): boolean {
  return keys.sk?.S?.startsWith(CHANGE_FEED_SORT_KEY_PREFIX) ?? false;
}
