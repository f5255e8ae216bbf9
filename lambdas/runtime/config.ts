/** Settings a function reads from its environment, once per container. */
export interface RuntimeConfig {
  /** The DynamoDB table. */
  readonly tableName: string;
  /** A local DynamoDB engine (dynalite); unset on AWS. */
  readonly dynamoEndpoint?: string;
  /** AWS region of the table and secret. */
  readonly region: string;
  /** Base64 token-hashing key, for local runs; unset on AWS. */
  readonly tokenKey?: string;
  /** ARN of the Secrets Manager secret that holds the token-hashing key, on AWS. */
  readonly tokenKeySecretArn?: string;
  /** Fixed SCIM base URL (custom domain); derived from the request when unset. */
  readonly baseUrl?: string;
  /**
   * Most members one group response lists (GROUP_MEMBERS_LIMIT, default
   * {@link DEFAULT_GROUP_MEMBERS_LIMIT}); keeps a response under Lambda's 6 MB.
   */
  readonly groupMembersLimit?: number;
}

/**
 * Three groups of this many members render to about 2.5 MB (some 170
 * bytes a member with a long base URL): well under Lambda's 6 MB response
 * limit, and few enough index pages to answer quickly.
 */
export const DEFAULT_GROUP_MEMBERS_LIMIT = 5_000;

/** Reads the runtime configuration; throws naming the variable that is missing. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) {
    throw new Error('TABLE_NAME is not set: it must name the DynamoDB table');
  }

  return {
    tableName,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    tokenKey: env.SCIM_TOKEN_KEY || undefined,
    tokenKeySecretArn: env.TOKEN_KEY_SECRET_ARN || undefined,
    baseUrl: env.SCIM_BASE_URL || undefined,
    groupMembersLimit:
      positiveInteger(env.GROUP_MEMBERS_LIMIT) ?? DEFAULT_GROUP_MEMBERS_LIMIT,
  };
}

function positiveInteger(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isInteger(number) && number > 0 ? number : undefined;
}
