/**
 * Key builders for the single table. Every item of a team sits in the
 * team's partition (`TEAM#<teamId>`), so a team's id scopes every read.
 */

/** The partition holding a team's settings, users and userName guards. */
export const teamPartition = (teamId: string) => `TEAM#${teamId}`;

/** Sort key of the team's settings item. */
export const TEAM_SK = 'TEAM';

/** Sort key prefix of user items; the id follows, so users list in id order. */
export const USER_SK_PREFIX = 'USER#';

/** Sort key of one user item. */
export const userSortKey = (userId: string) => `${USER_SK_PREFIX}${userId}`;

/**
 * Sort key of the team's user-count item, so that a list page's
 * `totalResults` is one read, not a count of the whole team. Not under
 * `USER#`, so user Queries never see it.
 */
export const USER_COUNT_SK = 'USERCOUNT';

/** The case-folded form of a userName: RFC 7643 §4.1.1 makes it case-insensitive. */
export const userNameKey = (userName: string) => userName.toLowerCase();

/** Sort key of the guard item that reserves a userName in a team. */
export const guardSortKey = (userName: string) => `USERNAME#${userNameKey(userName)}`;

/** Partition of the externalId index entry of a user (case-exact, RFC 7643 §3.1). */
export const externalIdPartition = (teamId: string, externalId: string) =>
  `TEAM#${teamId}#EXT#${externalId}`;

/** Partition of the work e-mail index entry of a user. */
export const emailPartition = (teamId: string, email: string) =>
  `TEAM#${teamId}#EMAIL#${email.toLowerCase()}`;

/** Partition of a token item: the keyed hash of the token, never the token. */
export const tokenPartition = (tokenHash: string) => `TOKEN#${tokenHash}`;

/** Sort key of a token item. */
export const TOKEN_SK = 'TOKEN';

/** Partition of the item that makes a team's name unique. */
export const teamNamePartition = (name: string) => `TEAMNAME#${name.toLowerCase()}`;

/** Sort key of a team-name item. */
export const TEAM_NAME_SK = 'TEAMNAME';

/**
 * Partition listing every team (sort key: the team id), so `teams list`
 * is one Query, not a scan. Teams are few and created rarely, so one
 * partition holds them all without heat.
 */
export const TEAM_LIST_PARTITION = 'TEAMS';

/** Sort key prefix of the per-team listing items of tokens (in the team's partition). */
export const TOKEN_LIST_SK_PREFIX = 'TOKEN#';

/** Sort key of a token's listing item in its team's partition. */
export const tokenListSortKey = (tokenId: string) => `${TOKEN_LIST_SK_PREFIX}${tokenId}`;

/**
 * A team's audit partition: apart from `TEAM#<teamId>` so that audit
 * volume never heats the partition that serves the team's users.
 */
export const auditPartition = (teamId: string) => `TEAM#${teamId}#AUDIT`;

/** Sort key of an audit entry: ISO time first, so entries sort by time. */
export const auditSortKey = (at: string, entryId: string) => `${at}#${entryId}`;

/**
 * Sort key of a fixed group's item (its externalId and version). `GROUP#`
 * sorts just before `TEAM`, so one Query reads a team's settings and its
 * three group items together.
 */
export const groupSortKey = (role: string) => `GROUP#${role}`;

/** Lowest sort key of the group items (for that Query). */
export const GROUP_SK_PREFIX = 'GROUP#';

/** Partition of a fixed group's membership index: its members are the entries. */
export const groupMembersPartition = (teamId: string, role: string) =>
  `TEAM#${teamId}#GROUP#${role}`;
