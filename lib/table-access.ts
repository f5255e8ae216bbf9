import type { HandlerName } from './routes';

/**
 * What a function may do to the table. The levels name DynamoDB actions
 * exactly, so IAM refuses anything the code was never meant to do: no
 * level grants Scan (nothing on a request path scans the table) and none
 * grants a transaction or a batch write (every write is a single-item
 * conditional write, see DESIGN.md "Storage"), except the change feed's
 * batched puts of audit entries, which are keyed so that a rewrite is
 * harmless.
 */
export type TableAccess = 'none' | 'read' | 'readWrite' | 'authorize' | 'changeFeed';

/** The DynamoDB actions of each access level (on the table and its indexes). */
export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  none: [],
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  // One GetItem on the token's hash and the throttled last-used update.
  authorize: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  // Audit entries (batched puts), group versions and user counts.
  changeFeed: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
};

/**
 * The access each SCIM handler needs. A Record over every handler name, so
 * a handler added to the route table does not compile until someone
 * decides its access here. Discovery answers from code and touches no
 * table; a handler that serves any writing method needs readWrite.
 */
export const HANDLER_TABLE_ACCESS: Readonly<Record<HandlerName, TableAccess>> = {
  'service-provider-config': 'none',
  schemas: 'none',
  'resource-types': 'none',
  users: 'readWrite',
  user: 'readWrite',
  // GET /Groups reads; its POST is refused without touching the table.
  groups: 'read',
  // PUT and PATCH write memberships on user items and the group item.
  group: 'readWrite',
};

/** Table access of the TOKEN authorizer. */
export const AUTHORIZER_TABLE_ACCESS: TableAccess = 'authorize';

/** Table access of the change-feed function (it reads the stream through its event source). */
export const CHANGE_FEED_TABLE_ACCESS: TableAccess = 'changeFeed';

/** Table access of the admin function (teams, tokens, settings, audit). */
export const ADMIN_TABLE_ACCESS: TableAccess = 'readWrite';
