import { Aws, Duration, TimeZone, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableAction } from '../../functions/routes';
import type { Province } from '../../functions/shared/province';
import type { Alarms } from './alarms';
import type { Data } from './data';
import type { Functions } from './functions';

/**
 * How long one dispatcher run may take: a batch of ten reports, each texting its recipients side by
 * side with up to three tries (backoff about 0.25 s then 1 s). It must stay under the dispatcher's
 * SENDING_LEASE_MS (2 minutes): a claim older than that is taken for a dead run's, so a live run
 * must never hold one that long.
 */
export const DISPATCH_TIMEOUT = Duration.seconds(60);

/**
 * Where direct SMS cannot go: every topic and platform-endpoint ARN. `sns:Publish` to a phone number
 * has no resource ARN (and SNS has no condition key for it), so "phone numbers only" is an allow on
 * everything except these.
 */
const SNS_ARNS = `arn:${Aws.PARTITION}:sns:*:*:*`;

/**
 * Concurrent runs kept for the dispatcher, so that a flood on the public routes (which share the
 * account's unreserved pool) can never leave it none. Lambda reads a table stream with one run per
 * shard at a time (no parallelization factor is set); an on-demand table starts with about four
 * partitions, each a shard, and a shard that splits is read beside its children for a while. Ten
 * covers that with room for growth; it is also the dispatcher's ceiling.
 */
const DISPATCHER_CONCURRENCY = 10;

/**
 * Concurrent runs kept for the escalation sweep: one a minute, each stopped at DISPATCH_TIMEOUT (a
 * minute), so at most two overlap.
 */
const SWEEP_CONCURRENCY = 2;

/**
 * What the dispatcher and the sweep send to the table (test/cdk/table-grants.test.ts checks it against
 * their code): reports, tiers and notifications, the on-duty roster, the SMS counters, the figures.
 */
const DISPATCH_TABLE_ACTIONS: readonly TableAction[] = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
];

/**
 * How far behind the table stream the dispatcher may fall before an alarm: the sweep starts
 * redriving reports the stream has not dispatched after two minutes, so past that the stream is no
 * longer the fast path it is for.
 */
const ITERATOR_AGE_ALARM_MS = 2 * 60 * 1000;

/** What a function made here needs; each flag sets its environment and its grant together. */
export interface FunctionNeeds {
  /** The DynamoDB actions its code sends, exactly (`[]`: none). */
  readonly table: readonly TableAction[];
  /** Reads the receipt/ack-link secret (`TUQUAN_SECRET_ARN`). @default false */
  readonly secret?: boolean;
  /** Sends SMS with SNS Publish to phone numbers, and nowhere else (`TUQUAN_SMS=sns`). @default false */
  readonly sms?: boolean;
  /** Publishes admin alerts to the alarm topic (`TUQUAN_ALERT_TOPIC_ARN`). @default false */
  readonly alerts?: boolean;
  /** @default DISPATCH_TIMEOUT */
  readonly timeout?: Duration;
  /** @default - the entry */
  readonly description?: string;
  /** Concurrent runs kept for it out of the account's pool (and its ceiling). @default - none */
  readonly reservedConcurrency?: number;
}

export interface ScheduleOptions {
  /**
   * Times Lambda and the scheduler try a failed run again. 0 for a job that runs again soon anyway.
   * @default 2 (Lambda's default for asynchronous invocations)
   */
  readonly retryAttempts?: number;
  /**
   * Errors in 5 minutes that raise the function's error alarm.
   * @default 1
   */
  readonly errorsBeforeAlarm?: number;
  /** What the alarm e-mail should say the job is for. @default - the function's description */
  readonly purpose?: string;
}

export interface NotificationsProps {
  readonly data: Data;
  readonly functions: Functions;
  /** Its topic receives the admin alerts (as TUQUAN_ALERT_TOPIC_ARN); the notification alarms hook in here. */
  readonly alarms: Alarms;
  /** Its time zone places daily schedules; its SMS settings set the default spend budget. */
  readonly province: Province;
  /**
   * The monthly SMS budget in USD; the spend alarm fires at 80 % of it. The spend metric is the
   * account's (all provinces in the account and region), so with several provinces in one account
   * set it to what the account may spend.
   * @default sms.dailyCap × sms.estimatedPriceUsd × 31 (the province at its daily cap every day)
   */
  readonly smsMonthlyBudgetUsd?: number;
}

/**
 * Everything that texts and alerts: the dispatcher on the table's stream (new reports only, retried,
 * bisected, its give-ups in a dead-letter queue), the escalation sweep every minute, later scheduled
 * jobs through `addSchedule`, and the alarms on all of them and on SMS spend.
 */
export class Notifications extends Construct {
  readonly dispatcher: NodejsFunction;
  readonly sweep: NodejsFunction;
  /** Where the stream's event source records the batches it gave up on (pointers to records, no data). */
  readonly deadLetters: sqs.Queue;
  /** Dispatcher and sweep lines logged at error level. */
  readonly dispatchErrors: cloudwatch.Metric;
  /** SMS the dispatcher gave up on after its retries (each is an officer not reached). */
  readonly smsFailures: cloudwatch.Metric;
  readonly smsMonthlyBudgetUsd: number;

  private readonly props: NotificationsProps;
  private readonly namespace: string;
  /** The log groups of the functions made here; every line count covers each of them. */
  private readonly logGroups: logs.ILogGroup[] = [];
  private readonly lineCounts: { name: string; pattern: logs.IFilterPattern }[] = [];
  private schedulerRole?: iam.Role;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.props = props;
    const { data, province, alarms } = props;
    this.namespace = `tuquan/${province.id}`;
    this.smsMonthlyBudgetUsd =
      props.smsMonthlyBudgetUsd ?? Math.ceil(province.sms.dailyCap * province.sms.estimatedPriceUsd * 31);
    const needs: FunctionNeeds = { table: DISPATCH_TABLE_ACTIONS, secret: true, sms: true, alerts: true };

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter destination of the dispatcher's stream event source; it holds " +
        'only pointers to stream records (shard and sequence numbers), and an alarm fires on its first message.',
    });

    this.dispatcher = this.addFunction('Dispatcher', 'dispatch/stream.handler.ts', {
      ...needs,
      description: 'Texts the officers on duty for each new report (table stream)',
      reservedConcurrency: DISPATCHER_CONCURRENCY,
    });
    this.dispatcher.addEventSource(
      new DynamoEventSource(data.table, {
        // A report stored while the mapping was being (re)created is still in the stream's last 24 h.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // The handler dispatches a batch's reports ten at a time, most urgent first: a batch twice
        // that lets a high-urgency report overtake the normal ones that arrived just before it.
        batchSize: 20,
        bisectBatchOnError: true,
        retryAttempts: 5,
        // The sweep redrives reports still pending after 2 minutes, so retrying longer would only hold
        // up the later records of the shard.
        maxRecordAge: Duration.minutes(5),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: {
              Keys: {
                pk: { S: lambda.FilterRule.beginsWith('REPORT#') },
                sk: { S: lambda.FilterRule.isEqual('REPORT') },
              },
            },
          }),
        ],
      }),
    );
    Validations.of(this.dispatcher.role as iam.IRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "CDK's stream grant for the event source: dynamodb:ListStreams has no resource-level permission " +
        "(it only lists stream ARNs); the stream reads themselves are on this table's stream ARN only.",
    });

    this.sweep = this.addSchedule(
      'Sweep',
      'dispatch/escalate.handler.ts',
      scheduler.ScheduleExpression.rate(Duration.minutes(1)),
      {
        ...needs,
        description: 'Escalates unacknowledged reports and redrives undispatched ones',
        reservedConcurrency: SWEEP_CONCURRENCY,
      },
      {
        // The next run is a minute away: a retry would only overlap it.
        retryAttempts: 0,
        // One failed minute is made good by the next; two in five minutes is not a blip.
        errorsBeforeAlarm: 2,
        purpose:
          'The escalation sweep (every minute) failed twice in 5 minutes: unacknowledged reports are not ' +
          'escalated and reports the stream gave up on are not redriven.',
      },
    );

    this.dispatchErrors = this.countLogLines(
      'DispatchErrors',
      logs.FilterPattern.stringValue('$.level', '=', 'error'),
    );
    // The dispatcher's and the suggestion digest's words for an SMS given up after its retries.
    this.smsFailures = this.countLogLines(
      'SmsFailures',
      logs.FilterPattern.any(
        logs.FilterPattern.stringValue('$.message', '=', 'sms not sent'),
        logs.FilterPattern.stringValue('$.message', '=', 'digest sms not sent'),
      ),
    );

    alarms.addAlarm('DispatchDeadLetters', {
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      description:
        'The dispatcher gave up on table stream records (retried, bisected, then sent to its dead-letter ' +
        "queue). The sweep still dispatches those reports every minute; read the dispatcher's log group " +
        'for the cause, then purge the queue.',
    });
    alarms.addAlarm('DispatcherErrors', {
      metric: this.dispatcher.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      description:
        'The SMS dispatcher failed (crashed or timed out) at least once in 5 minutes. New reports are ' +
        "retried and then redriven by the sweep; read the dispatcher's log group.",
    });
    alarms.addAlarm('DispatcherIteratorAge', {
      metric: this.dispatcher.metric('IteratorAge', {
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: ITERATOR_AGE_ALARM_MS,
      description:
        'The dispatcher is more than two minutes behind the table stream: new reports wait for their first SMS ' +
        '(the sweep redrives them meanwhile, a minute at a time). Look for its Throttles and Errors alarms and ' +
        'its log group; a stream split into more shards than its reserved concurrency also holds it back.',
    });
    alarms.addAlarm('DispatchFailures', {
      metric: this.dispatchErrors,
      threshold: 1,
      description:
        'The dispatcher, the sweep or a scheduled job logged an error in 5 minutes (a report could not be ' +
        'dispatched or escalated this time, or a digest failed; each is retried). Search their log groups ' +
        'for "level": "error".',
    });
    alarms.addAlarm('SmsFailures', {
      metric: this.smsFailures,
      threshold: 1,
      description:
        'At least one SMS failed for good after retries in 5 minutes: an officer was not reached (wrong ' +
        'number, opted out, sandbox, spend limit). Escalation still runs; check the "sms not sent" log ' +
        'lines (or "digest sms not sent") for the reason, and the SNS SMS delivery logs.',
    });
    alarms.addAlarm('SmsSpend', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        period: Duration.minutes(15),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: Math.round(this.smsMonthlyBudgetUsd * 0.8 * 100) / 100,
      description:
        `SMS spend this month (the whole account in this region) passed 80 % of $${this.smsMonthlyBudgetUsd}. ` +
        "At the account's monthly SMS spend limit SNS stops sending every SMS: raise the limit or find the cause.",
    });
  }

  /**
   * A function run on a schedule (EventBridge Scheduler, in the schedule's own time zone), with its
   * needs granted and an alarm on its errors. Daily jobs: `addSchedule(id, entry, n.dailyAt(17), needs)`.
   */
  addSchedule(
    id: string,
    entry: string,
    schedule: scheduler.ScheduleExpression,
    needs: FunctionNeeds,
    options: ScheduleOptions = {},
  ): NodejsFunction {
    const fn = this.addFunction(id, entry, needs);
    const retryAttempts = options.retryAttempts ?? 2;
    fn.configureAsyncInvoke({
      retryAttempts,
      ...(retryAttempts === 0 ? { maxEventAge: Duration.minutes(1) } : {}),
    });

    this.schedulerRole ??= new iam.Role(this, 'SchedulerRole', {
      // Only schedules of this account may use it (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `tuquan ${this.props.province.id}: invokes the scheduled functions`,
    });
    // The function itself, not `<arn>:*` (versions and aliases) as grantInvoke would add.
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
    new scheduler.Schedule(this, `${id}Schedule`, {
      schedule,
      description: `tuquan ${this.props.province.id}: ${needs.description ?? entry}`,
      target: new InvokeFunction(fn, this.schedulerRole, retryAttempts),
    });

    this.props.alarms.addAlarm(`${id}Errors`, {
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: options.errorsBeforeAlarm ?? 1,
      description:
        options.purpose ??
        `The scheduled job "${needs.description ?? entry}" failed in the last 5 minutes; read its log group.`,
    });
    return fn;
  }

  /** Every day at `hour:minute` in the province's time zone (EventBridge Scheduler keeps the zone, DST included). */
  dailyAt(hour: number, minute = 0): scheduler.ScheduleExpression {
    return scheduler.ScheduleExpression.cron({
      hour: String(hour),
      minute: String(minute),
      timeZone: TimeZone.of(this.props.province.timeZone),
    });
  }

  private addFunction(id: string, entry: string, needs: FunctionNeeds): NodejsFunction {
    const fn = this.props.functions.add(id, {
      entry,
      table: needs.table,
      secret: needs.secret ?? false,
      timeout: needs.timeout ?? DISPATCH_TIMEOUT,
      description: needs.description ?? entry,
      reservedConcurrency: needs.reservedConcurrency,
    });
    // A throttled run is a report not texted yet, an escalation late, a digest not sent: nothing else says so.
    this.props.alarms.addAlarm(`${id}Throttles`, {
      metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      description:
        `Lambda throttled "${needs.description ?? entry}" in the last 5 minutes: it had no concurrency left ` +
        "(its reserved concurrency, or the account's pool). Its work waits or is retried; check the account's " +
        'concurrency (ConcurrentExecutions) and what else ran at the time.',
    });
    if (needs.sms) {
      fn.addEnvironment('TUQUAN_SMS', 'sns');
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: [SNS_ARNS] }));
    }
    if (needs.alerts) {
      const topic = this.props.alarms.alarmTopic;
      fn.addEnvironment('TUQUAN_ALERT_TOPIC_ARN', topic.topicArn);
      topic.grantPublish(fn);
    }
    const index = this.logGroups.push(fn.logGroup) - 1;
    for (const count of this.lineCounts) this.addLineFilter(count, fn.logGroup, index);
    return fn;
  }

  /** One metric counting matching lines in the logs of every function made here, before or after. */
  private countLogLines(name: string, pattern: logs.IFilterPattern): cloudwatch.Metric {
    const count = { name, pattern };
    this.lineCounts.push(count);
    for (const [index, logGroup] of this.logGroups.entries()) this.addLineFilter(count, logGroup, index);
    return new cloudwatch.Metric({
      namespace: this.namespace,
      metricName: name,
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    });
  }

  private addLineFilter(
    count: { name: string; pattern: logs.IFilterPattern },
    logGroup: logs.ILogGroup,
    index: number,
  ): void {
    new logs.MetricFilter(this, `${count.name}Filter${index}`, {
      logGroup,
      filterPattern: count.pattern,
      metricNamespace: this.namespace,
      metricName: count.name,
      metricValue: '1',
    });
  }
}

/** Scheduler → Lambda with a role allowed to invoke exactly that function. */
class InvokeFunction implements scheduler.IScheduleTarget {
  constructor(
    private readonly fn: lambda.IFunction,
    private readonly role: iam.IRole,
    private readonly retryAttempts: number,
  ) {}

  bind(): scheduler.ScheduleTargetConfig {
    return {
      arn: this.fn.functionArn,
      role: this.role,
      retryPolicy: {
        maximumRetryAttempts: this.retryAttempts,
        maximumEventAgeInSeconds: this.retryAttempts === 0 ? 60 : 86_400,
      },
    };
  }
}
