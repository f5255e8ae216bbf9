/** A named piece of a DynamoDB condition expression with its placeholders. */
export interface Condition {
  readonly expression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

/** Condition request fields for a DocumentClient command. */
export interface ConditionFields {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** The item does not exist yet. */
export const itemIsAbsent = (): Condition => ({
  expression: 'attribute_not_exists(#pk)',
  names: { '#pk': 'pk' },
  values: {},
});

/** The item exists. */
export const itemExists = (): Condition => ({
  expression: 'attribute_exists(#pk)',
  names: { '#pk': 'pk' },
  values: {},
});

/** The item's `version` is the one the writer read. */
export const versionMatches = (version: number): Condition => ({
  expression: '#version = :version',
  names: { '#version': 'version' },
  values: { ':version': version },
});

/** A userName guard still points at this user. */
export const guardPointsTo = (userId: string): Condition => ({
  expression: '#userId = :userId',
  names: { '#userId': 'userId' },
  values: { ':userId': userId },
});

/** A userName guard is exactly the claim the writer saw (same holder, same claim time). */
export const guardIsClaim = (userId: string, claimedAtMs: number): Condition => ({
  expression: '#userId = :staleUserId AND #claimedAtMs = :staleClaimedAtMs',
  names: { '#userId': 'userId', '#claimedAtMs': 'claimedAtMs' },
  values: { ':staleUserId': userId, ':staleClaimedAtMs': claimedAtMs },
});

/** Joins conditions with AND into command fields. */
export function allOf(...conditions: Condition[]): ConditionFields {
  const names = Object.assign({}, ...conditions.map((c) => c.names)) as Record<
    string,
    string
  >;
  const values = Object.assign({}, ...conditions.map((c) => c.values)) as Record<
    string,
    unknown
  >;

  return {
    ConditionExpression: conditions.map((c) => `(${c.expression})`).join(' AND '),
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

/** Whether an SDK error is a failed condition (a domain outcome, never a 500). */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ConditionalCheckFailedException' ||
      error.name === 'TransactionCanceledException')
  );
}
