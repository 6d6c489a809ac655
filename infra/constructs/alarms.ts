import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { routeId } from '../../functions/routes';
import type { Api } from './api';

export interface AlarmsProps {
  /** Who hears about alarms: the province's `alarmEmails` (each must confirm the subscription once). */
  readonly emails: readonly string[];
  /** Its 5xx answers raise the first alarm; its public POST functions each have a throttle alarm. */
  readonly api: Api;
}

export interface AlarmOptions {
  readonly metric: cloudwatch.IMetric;
  /** What a person reading the e-mail should know and do. */
  readonly description: string;
  readonly threshold: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /** @default NOT_BREACHING: no traffic is not an outage */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/**
 * The province's alarm topic and its alarms. Later constructs (dispatcher dead-letter depth, SMS
 * failures and spend) hook in through `addAlarm`.
 */
export class Alarms extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly apiServerErrors: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.alarmTopic = new sns.Topic(this, 'Topic', { displayName: 'tuquan alarms', enforceSSL: true });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        "Alarm messages carry only alarm names, metrics and thresholds, and the dispatcher's admin alerts only " +
        'counts and report ids: no personal data. The AWS-managed ' +
        'aws/sns key would stop CloudWatch from publishing, and a customer key costs money for nothing.',
    });
    // enforceSSL makes the topic's policy, which replaces SNS's default one (that let the account's
    // services publish): without this statement no alarm could reach the topic. Only alarms of this
    // account, in this region, may publish.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        effect: iam.Effect.ALLOW,
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    for (const email of props.emails) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    this.apiServerErrors = this.addAlarm('ApiServerErrors', {
      metric: props.api.metricServerErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 5,
      description:
        'The API answered 5 or more server errors (5xx) in 5 minutes: residents may be unable to report. ' +
        "Check the functions' log groups and the table's throttling.",
    });

    // A resident's report, suggestion, acknowledgement or follow-up refused because Lambda had no
    // concurrency left: each public POST function has its own alarm (the dispatcher, the sweep and the
    // scheduled jobs get theirs in Notifications).
    for (const route of props.api.routes) {
      if (route.auth !== 'public' || route.method !== 'POST') continue;
      const key = `${route.method} ${route.path}`;
      const fn = props.api.routeFunctions.get(key);
      if (!fn) continue;
      this.addAlarm(`${routeId(route)}Throttles`, {
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        description:
          `Lambda throttled ${key} in the last 5 minutes: residents' requests were refused for lack of ` +
          "concurrency in the account's pool. Check the account's ConcurrentExecutions and the AccountThrottles alarm.",
      });
    }
    // Every other function of the account in this region (the API's GET and officer functions among
    // them) draws from the same pool: Lambda's account-wide count of throttles says when it ran dry.
    this.addAlarm('AccountThrottles', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      description:
        'Lambda throttled a function of this AWS account in this region in the last 5 minutes (any province, ' +
        "any function): the account's concurrency ran out, or a function reached its reserved concurrency. " +
        "See Lambda's Throttles metric per function; raise the account's concurrency quota if floods are real traffic.",
    });
  }

  /** An alarm that notifies the topic when it fires and when it clears. */
  addAlarm(id: string, options: AlarmOptions): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: options.metric,
      alarmDescription: options.description,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator:
        options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
