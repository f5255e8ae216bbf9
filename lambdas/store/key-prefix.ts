/** Key condition fields of a Query for the items of one partition whose sort key starts with `prefix`. */
export function sortKeyPrefix(partitionKey: string, prefix: string) {
  return {
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: { ':pk': partitionKey, ':prefix': prefix },
  };
}
