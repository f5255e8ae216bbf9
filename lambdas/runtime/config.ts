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
}

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
  };
}
