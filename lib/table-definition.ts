/**
 * The one DynamoDB table, described once: the CDK stack and the local
 * dynalite set-up both build it from this module, so they cannot drift.
 *
 * Every item of a team lives under a partition key that starts with the
 * team id, so no query written against one team's keys can reach another.
 */

/** A secondary index: its name and the string attributes it is keyed on. */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** What the index copies: every attribute (default) or only the keys. */
  readonly projection?: 'ALL' | 'KEYS_ONLY';
}

/** The table's key attributes, indexes and TTL attribute. */
export interface TableDefinition {
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  readonly indexes: readonly IndexDefinition[];
  readonly timeToLiveAttribute: string;
}

/**
 * One sparse index per fixed group: a user item carries `gAdminPk`/`gAdminSk`
 * (and so on) only while the user is in that group, so reading a group's
 * members costs reads proportional to its members, never to the team.
 * Keys only: the member ids are all a group needs, and a user write that
 * changes no membership does not touch these indexes.
 */
export const GROUP_MEMBER_INDEXES: readonly IndexDefinition[] = [
  { name: 'byAdminGroup', partitionKey: 'gAdminPk', sortKey: 'gAdminSk' },
  { name: 'byUserGroup', partitionKey: 'gUserPk', sortKey: 'gUserSk' },
  { name: 'byReadonlyGroup', partitionKey: 'gReadonlyPk', sortKey: 'gReadonlySk' },
].map((index) => ({ ...index, projection: 'KEYS_ONLY' as const }));

/**
 * `byExternalId`: users by the IdP's `externalId` (sparse: only users that
 * have one). `byEmail`: users by their lower-cased work e-mail (sparse).
 * Both project all attributes, so a match costs one Query.
 */
export const TABLE: TableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'byExternalId', partitionKey: 'extPk', sortKey: 'extSk' },
    { name: 'byEmail', partitionKey: 'emailPk', sortKey: 'emailSk' },
    ...GROUP_MEMBER_INDEXES,
  ],
  timeToLiveAttribute: 'expiresAt',
};

/** The index names, as the code refers to them. */
export const INDEX = {
  byExternalId: 'byExternalId',
  byEmail: 'byEmail',
} as const;

/**
 * The CreateTable input for the table: used by the local engine and by
 * tests, and the same attribute list the stack declares.
 */
export function createTableInput(tableName: string) {
  const attributes = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of TABLE.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }

  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: index.projection ?? ('ALL' as const) },
    })),
  };
}
