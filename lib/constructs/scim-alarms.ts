import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

import type { IndexDefinition } from '../table-definition';

/** Props of {@link ScimAlarms}. */
export interface ScimAlarmsProps {
  readonly api: apigateway.RestApi;
  /** The TOKEN authorizer function. */
  readonly authorizer: lambda.IFunction;
  /** The API's JSON access logs (field `errorType` holds `$context.error.responseType`). */
  readonly accessLogs: logs.ILogGroup;
  /** Every function, by a short name used in alarm names (authorizer included). */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly table: dynamodb.ITable;
  /** The table's secondary indexes: their throttles are counted apart from the table's. */
  readonly indexes: readonly IndexDefinition[];
  /** Fraction of requests answered 5xx that raises the 5xx alarm. @default 0.01 (1 %) */
  readonly serverErrorRateThreshold?: number;
  /** Address that receives every alarm through an SNS topic. @default no notification */
  readonly alarmEmail?: string;
  /** The change feed: its lag and its dead letters alarm. @default none */
  readonly changeFeed?: {
    readonly function: lambda.IFunction;
    readonly deadLetters: sqs.IQueue;
  };
}

/** How far the change feed may trail the table before it alarms (audit, counts). */
const MAX_FEED_LAG = Duration.minutes(1);

/** Every alarm counts over five minutes: short enough to page, long enough to be cheap. */
const PERIOD = Duration.minutes(5);

/**
 * The alarms SPEC "Operations" asks for: the API's 5xx rate, authorizer
 * errors, errors and throttles of every function, and DynamoDB throttles
 * on the table and its indexes. With an e-mail address they notify it
 * through an SNS topic. Missing data is not breaching: no traffic is fine.
 */
export class ScimAlarms extends Construct {
  /** Every alarm created. */
  readonly alarms: cloudwatch.Alarm[] = [];
  /** The notification topic, when an e-mail address was given. */
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: ScimAlarmsProps) {
    super(scope, id);

    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: 'serverless-scim alarms',
        enforceSSL: true,
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    this.add('Api5xxRate', {
      metric: props.api.metricServerError({ statistic: 'Average', period: PERIOD }),
      threshold: props.serverErrorRateThreshold ?? 0.01,
      description: 'More than the allowed share of SCIM requests ended in a 5xx',
    });

    // The authorizer refuses a bad token by throwing `Unauthorized`, which
    // Lambda counts as an error; a real failure is what API Gateway reports
    // as AUTHORIZER_FAILURE (or a configuration error) in the access log.
    const authorizerFailures = new logs.MetricFilter(this, 'AuthorizerFailureFilter', {
      logGroup: props.accessLogs,
      metricNamespace: `ServerlessScim/${Stack.of(this).stackName}`,
      metricName: 'AuthorizerFailures',
      metricValue: '1',
      filterPattern: logs.FilterPattern.any(
        logs.FilterPattern.stringValue('$.errorType', '=', 'AUTHORIZER_FAILURE'),
        logs.FilterPattern.stringValue(
          '$.errorType',
          '=',
          'AUTHORIZER_CONFIGURATION_ERROR',
        ),
      ),
    });
    this.add('AuthorizerErrors', {
      metric: authorizerFailures.metric({ statistic: 'Sum', period: PERIOD }),
      threshold: 0,
      description:
        'The token authorizer failed or timed out (not a refused token): those requests got a 5xx',
    });

    for (const [name, fn] of props.functions) {
      // Every refused token is an authorizer "error"; AuthorizerErrors covers it.
      if (fn !== props.authorizer) {
        this.add(`${name}Errors`, {
          metric: fn.metricErrors({ statistic: 'Sum', period: PERIOD }),
          threshold: 0,
          description: `The ${name} function raised an unhandled error`,
        });
      }
      this.add(`${name}Throttles`, {
        metric: fn.metricThrottles({ statistic: 'Sum', period: PERIOD }),
        threshold: 0,
        description: `Lambda throttled the ${name} function (concurrency limit reached)`,
      });
    }

    if (props.changeFeed) {
      this.add('ChangeFeedLag', {
        metric: props.changeFeed.function.metric('IteratorAge', {
          statistic: 'Maximum',
          period: PERIOD,
        }),
        threshold: MAX_FEED_LAG.toMilliseconds(),
        description:
          'The change feed trails the table by more than a minute: audit entries, group versions and user counts are late',
      });
      this.add('ChangeFeedDeadLetters', {
        metric: props.changeFeed.deadLetters.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: PERIOD,
        }),
        threshold: 0,
        description:
          'Change-feed records failed every retry and wait in the dead-letter queue: replay them (docs/DEPLOY.md)',
      });
    }

    // An alarm's math expression takes at most ten metrics, so the table's
    // and its indexes' throttle metrics are summed in groups of ten.
    dynamoThrottles(props.table, props.indexes).forEach((metric, n) => {
      this.add(n === 0 ? 'DynamoDbThrottles' : `DynamoDbThrottles${n + 1}`, {
        metric,
        threshold: 0,
        description: 'DynamoDB throttled reads or writes on the table or an index',
      });
    });
  }

  private add(
    id: string,
    options: { metric: cloudwatch.IMetric; threshold: number; description: string },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    if (this.topic) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** Most metrics one alarm's math expression may use (a CloudWatch limit). */
const MAX_METRICS_PER_ALARM = 10;

/**
 * Read and write throttle events of the table and of each index, summed
 * in groups that fit one alarm each. An index's throttles are reported
 * only under its own dimension.
 */
function dynamoThrottles(
  table: dynamodb.ITable,
  indexes: readonly IndexDefinition[],
): cloudwatch.MathExpression[] {
  const metric = (name: string, index?: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/DynamoDB',
      metricName: name,
      dimensionsMap: {
        TableName: table.tableName,
        ...(index ? { GlobalSecondaryIndexName: index } : {}),
      },
      statistic: 'Sum',
      period: PERIOD,
    });

  const all: cloudwatch.IMetric[] = [
    metric('ReadThrottleEvents'),
    metric('WriteThrottleEvents'),
    ...indexes.flatMap((index) => [
      metric('ReadThrottleEvents', index.name),
      metric('WriteThrottleEvents', index.name),
    ]),
  ];

  const groups: cloudwatch.MathExpression[] = [];
  for (let start = 0; start < all.length; start += MAX_METRICS_PER_ALARM) {
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    all.slice(start, start + MAX_METRICS_PER_ALARM).forEach((m, n) => {
      usingMetrics[`m${n}`] = m;
    });
    groups.push(
      new cloudwatch.MathExpression({
        // FILL: a series with no data point would otherwise blank the sum.
        expression: Object.keys(usingMetrics)
          .map((name) => `FILL(${name}, 0)`)
          .join(' + '),
        usingMetrics,
        label: 'DynamoDB throttle events',
        period: PERIOD,
      }),
    );
  }
  return groups;
}
