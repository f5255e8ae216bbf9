import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

import {
  CHANGE_FEED_BATCH_SIZE,
  CHANGE_FEED_RETRY_ATTEMPTS,
  CHANGE_FEED_SORT_KEY_PREFIX,
} from '../change-feed';

/** Props of {@link ChangeFeed}. */
export interface ChangeFeedProps {
  /** The table, with its stream enabled (lib/constructs/scim-table.ts). */
  readonly table: dynamodb.ITable;
  /** The change-feed function (handler `change-feed`). */
  readonly function: lambda.IFunction;
}

/**
 * Wires the table's stream to the change-feed function: user items only
 * (an event filter on the sort key), in order per team (one batch per
 * shard at a time), from the oldest record kept, so that nothing written
 * before the mapping existed is missed. A failing batch is split and
 * retried; what still fails goes to a dead-letter queue, which alarms.
 */
export class ChangeFeed extends Construct {
  /** Where records go that the function could not handle after every retry. */
  readonly deadLetters: sqs.Queue;
  readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: ChangeFeedProps) {
    super(scope, id);
    this.function = props.function;

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the change feed; its messages name the stream records to replay',
    });

    // The event source grants dynamodb:ListStreams on "*": that action has
    // no resource-level permissions in IAM. The stream's own actions name it.
    Validations.of(props.function.role ?? props.function).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "dynamodb:ListStreams supports no resource-level permission; the stream read actions are granted on this table's stream only",
    });
    props.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: CHANGE_FEED_BATCH_SIZE,
        parallelizationFactor: 1,
        bisectBatchOnError: true,
        retryAttempts: CHANGE_FEED_RETRY_ATTEMPTS,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [
          lambda.FilterCriteria.filter({
            dynamodb: {
              Keys: {
                sk: { S: lambda.FilterRule.beginsWith(CHANGE_FEED_SORT_KEY_PREFIX) },
              },
            },
          }),
        ],
      }),
    );
  }
}
