import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

import { CHANGE_FEED_VIEW } from '../change-feed';
import { TABLE } from '../table-definition';

/**
 * The service's one table, built from lib/table-definition.ts (the module
 * the local dynalite set-up reads too): string keys, the secondary
 * indexes, the TTL attribute, and a stream of both images of every
 * change for the change feed. On-demand capacity, point-in-time recovery,
 * deletion protection, and kept when the stack is deleted: losing it
 * loses every team's users and tokens.
 */
export function createScimTable(scope: Construct, id: string): dynamodb.Table {
  const string = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

  const table = new dynamodb.Table(scope, id, {
    partitionKey: string(TABLE.partitionKey),
    sortKey: string(TABLE.sortKey),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    timeToLiveAttribute: TABLE.timeToLiveAttribute,
    stream: dynamodb.StreamViewType[CHANGE_FEED_VIEW],
    removalPolicy: RemovalPolicy.RETAIN,
  });

  for (const index of TABLE.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: string(index.partitionKey),
      sortKey: string(index.sortKey),
      // The group membership indexes keep keys only (lib/table-definition.ts).
      projectionType:
        index.projection === 'KEYS_ONLY'
          ? dynamodb.ProjectionType.KEYS_ONLY
          : dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}
