import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { SENDING_LEASE_MS } from '../../functions/dispatch/dispatcher';
import { budgetFromContext } from '../../infra/app';
import { DISPATCH_TIMEOUT } from '../../infra/constructs/notifications';
import { TuquanStack } from '../../infra/stack';
import {
  demoProvince,
  newApp,
  one,
  type Resource,
  removeTempDirs,
  SITE_FIXTURE,
  statementsOf,
  synthProvince,
} from './support';

// A later job of another kind than the stack's own: read-only, alerts, daily at 17:00 local time.
let laterJob: NodejsFunction | undefined;
const s = synthProvince(demoProvince(), {
  extend: (stack) => {
    laterJob = stack.notifications.addSchedule(
      'LaterJob',
      'health/health.handler.ts',
      stack.notifications.dailyAt(17),
      { table: ['Query'], alerts: true, description: 'A later read-only job' },
    );
  },
});

/** The stack's own daily job: the suggestion-box digest. */
const suggestionDigest = s.stack.node
  .findChild('Functions')
  .node.findChild('SuggestionDigest')
  .node.findChild('Function') as NodejsFunction;

/** The nightly retention job. */
const retentionJob = s.stack.node
  .findChild('Functions')
  .node.findChild('Retention')
  .node.findChild('Function') as NodejsFunction;

/**
 * Written out here, not imported: what the dispatcher, the sweep and the digest send to the table
 * (test/cdk/table-grants.test.ts derives it from their code), sorted as cdk.json's minimizePolicies
 * writes it. A Scan, a batch write or a stream action creeping into the grants must fail a test.
 */
const DISPATCH_TABLE = [
  'dynamodb:BatchGetItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];

const ref = (construct: { node: { defaultChild?: unknown } }) => ({
  Ref: s.stack.getLogicalId(construct.node.defaultChild as never),
});
const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
  'Fn::GetAtt': [s.stack.getLogicalId(construct.node.defaultChild as never), 'Arn'],
});
const resources = () => s.template.toJSON().Resources as Record<string, Resource>;
const propsOf = (construct: { node: { defaultChild?: unknown } }) =>
  resources()[s.stack.getLogicalId(construct.node.defaultChild as never)]?.Properties;

/** The EventBridge Scheduler schedules of the stack, as synthesized. */
const schedules = () =>
  Object.values(s.template.findResources('AWS::Scheduler::Schedule')).map((schedule) => schedule.Properties);

/** A daily job's schedule at `hour`:00 province time, through the stack's scheduler role, retried twice. */
const dailySchedule = (fn: NodejsFunction, description: string, hour: number) => ({
  Description: `tuquan quang-ninh: ${description}`,
  FlexibleTimeWindow: { Mode: 'OFF' },
  ScheduleExpression: `cron(0 ${hour} * * ? *)`,
  ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
  State: 'ENABLED',
  Target: {
    Arn: arnOf(fn),
    RoleArn: arnOf(s.stack.node.findChild('Notifications').node.findChild('SchedulerRole') as never),
    RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 86_400 },
  },
});

function tableResources() {
  const tableArn = s.resolve(s.stack.data.table.tableArn);
  return [
    tableArn,
    { 'Fn::Join': ['', [tableArn, '/index/gsi1']] },
    { 'Fn::Join': ['', [tableArn, '/index/gsi2']] },
    { 'Fn::Join': ['', [tableArn, '/index/gsi3']] },
    { 'Fn::Join': ['', [tableArn, '/index/gsi4']] },
  ];
}

/** What both dispatch functions get: their logs, the table, the secret, SMS to phones, the alert topic. */
function dispatchStatements(fn: NodejsFunction): unknown[] {
  return [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: s.resolve(fn.logGroup.logGroupArn),
    },
    { Effect: 'Allow', Action: DISPATCH_TABLE, Resource: tableResources() },
    {
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: s.resolve(s.stack.data.secret.secretArn),
    },
    {
      Effect: 'Allow',
      Action: 'sns:Publish',
      NotResource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
    },
    { Effect: 'Allow', Action: 'sns:Publish', Resource: ref(s.stack.alarms.alarmTopic) },
  ];
}

afterAll(removeTempDirs);

describe('Notifications: the dispatcher', () => {
  it('takes only new report items from the table stream, twenty at a time, retried, bisected, give-ups to its queue', () => {
    const { Tags, ...mapping } = one(s, 'AWS::Lambda::EventSourceMapping').Properties;

    expect(mapping).toEqual({
      FunctionName: ref(s.stack.notifications.dispatcher),
      EventSourceArn: s.resolve(s.stack.data.table.tableStreamArn),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 20,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 300,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: arnOf(s.stack.notifications.deadLetters) } },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { Keys: { pk: { S: [{ prefix: 'REPORT#' }] }, sk: { S: ['REPORT'] } } },
            }),
          },
        ],
      },
    });
  });

  it('may use its logs, the table, the secret, SMS to phone numbers, the alert topic, its queue and the stream, nothing else', () => {
    const dispatcher = s.stack.notifications.dispatcher;

    expect(statementsOf(s, dispatcher)).toEqual([
      ...dispatchStatements(dispatcher),
      {
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Resource: arnOf(s.stack.notifications.deadLetters),
      },
      { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: s.resolve(s.stack.data.table.tableStreamArn),
      },
    ]);
  });

  it('runs with SNS as its SMS sender, the alarm topic for admin alerts and the secret', () => {
    const variables = propsOf(s.stack.notifications.dispatcher).Environment.Variables;

    expect({
      TUQUAN_SMS: variables.TUQUAN_SMS,
      TUQUAN_ALERT_TOPIC_ARN: variables.TUQUAN_ALERT_TOPIC_ARN,
      TUQUAN_SECRET_ARN: variables.TUQUAN_SECRET_ARN,
      TUQUAN_TABLE: variables.TUQUAN_TABLE,
    }).toEqual({
      TUQUAN_SMS: 'sns',
      TUQUAN_ALERT_TOPIC_ARN: ref(s.stack.alarms.alarmTopic),
      TUQUAN_SECRET_ARN: s.resolve(s.stack.data.secret.secretArn),
      TUQUAN_TABLE: ref(s.stack.data.table),
    });
  });

  it("stops every dispatch run before a claim's sending lease runs out (so a live run is never taken for dead)", () => {
    const timeouts = [s.stack.notifications.dispatcher, s.stack.notifications.sweep].map(
      (fn) => propsOf(fn).Timeout,
    );

    expect(timeouts).toEqual([60, 60]);
    expect(DISPATCH_TIMEOUT.toMilliseconds()).toBeLessThan(SENDING_LEASE_MS);
  });

  it('keeps concurrency for the dispatcher (10) and the sweep (2) that a flood on the API cannot take, and for nothing else', () => {
    const kept = s.stack.functions.made.flatMap(({ fn }) => {
      const concurrency = propsOf(fn).ReservedConcurrentExecutions as number | undefined;
      return concurrency === undefined ? [] : [[String(fn.node.scope?.node.id), concurrency] as const];
    });

    expect(Object.fromEntries(kept)).toEqual({ Dispatcher: 10, Sweep: 2 });
    // docs/deploy.md: 12 a province, and Lambda keeps at least 100 of the account's quota unreserved.
    expect(kept.reduce((sum, [, concurrency]) => sum + concurrency, 0)).toBe(12);
  });

  it('keeps its dead letters encrypted, reachable over TLS only, for 14 days', () => {
    const queue = propsOf(s.stack.notifications.deadLetters);
    const policy = one(s, 'AWS::SQS::QueuePolicy').Properties.PolicyDocument.Statement;

    expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(policy).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'sqs:*',
        Resource: arnOf(s.stack.notifications.deadLetters),
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });
});

describe('Notifications: the sweep and scheduled jobs', () => {
  it('runs the sweep every minute through EventBridge Scheduler, never retried (the next minute is the retry)', () => {
    const invokeConfig = Object.values(s.template.findResources('AWS::Lambda::EventInvokeConfig')).map(
      (config) => config.Properties,
    );

    expect(schedules()).toContainEqual({
      Description: 'tuquan quang-ninh: Escalates unacknowledged reports and redrives undispatched ones',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ScheduleExpression: 'rate(1 minute)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: {
        Arn: arnOf(s.stack.notifications.sweep),
        RoleArn: arnOf(s.stack.node.findChild('Notifications').node.findChild('SchedulerRole') as never),
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
      },
    });
    expect(invokeConfig).toContainEqual({
      FunctionName: ref(s.stack.notifications.sweep),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
  });

  it('gives the sweep what the dispatcher has, without the stream and the queue', () => {
    const sweep = s.stack.notifications.sweep;

    expect(statementsOf(s, sweep)).toEqual(dispatchStatements(sweep));
  });

  it('runs a daily job at 17:00 in the province time zone, retried as Lambda retries asynchronous calls', () => {
    if (!laterJob) throw new Error('no later job');

    expect(schedules()).toContainEqual({
      Description: 'tuquan quang-ninh: A later read-only job',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ScheduleExpression: 'cron(0 17 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      State: 'ENABLED',
      Target: {
        Arn: arnOf(laterJob),
        RoleArn: arnOf(s.stack.node.findChild('Notifications').node.findChild('SchedulerRole') as never),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 86_400 },
      },
    });
  });

  it('grants a scheduled job only its own needs: a read-only job that alerts gets no SMS and no secret', () => {
    if (!laterJob) throw new Error('no later job');
    const variables = propsOf(laterJob).Environment.Variables;

    expect(statementsOf(s, laterJob)).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: s.resolve(laterJob.logGroup.logGroupArn),
      },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: tableResources() },
      { Effect: 'Allow', Action: 'sns:Publish', Resource: ref(s.stack.alarms.alarmTopic) },
    ]);
    expect([variables.TUQUAN_SMS, variables.TUQUAN_SECRET_ARN, variables.TUQUAN_ALERT_TOPIC_ARN]).toEqual([
      undefined,
      undefined,
      ref(s.stack.alarms.alarmTopic),
    ]);
  });

  it("texts each box's count of new suggestions at 08:00 province time: table, SMS to phones, nothing else", () => {
    const props = propsOf(suggestionDigest);

    expect(schedules()).toContainEqual(
      dailySchedule(suggestionDigest, 'Daily SMS digest of new suggestions per box', 8),
    );
    expect(statementsOf(s, suggestionDigest)).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: s.resolve(suggestionDigest.logGroup.logGroupArn),
      },
      { Effect: 'Allow', Action: DISPATCH_TABLE, Resource: tableResources() },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        NotResource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
      },
    ]);
    expect([
      props.Handler,
      props.Timeout,
      props.Environment.Variables.TUQUAN_SMS,
      props.Environment.Variables.TUQUAN_SECRET_ARN,
      props.Environment.Variables.TUQUAN_ALERT_TOPIC_ARN,
    ]).toEqual(['index.handler', 300, 'sns', undefined, undefined]);
  });

  it('erases personal data past its retention at 03:00 province time: table reads and erasures, no SMS', () => {
    const props = propsOf(retentionJob);

    expect(schedules()).toContainEqual(
      dailySchedule(retentionJob, 'Nightly erasure of personal data past its retention period', 3),
    );
    expect(statementsOf(s, retentionJob)).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: s.resolve(retentionJob.logGroup.logGroupArn),
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        Resource: tableResources(),
      },
    ]);
    expect([
      props.Handler,
      props.Timeout,
      props.Environment.Variables.TUQUAN_SMS,
      props.Environment.Variables.TUQUAN_SECRET_ARN,
      props.Environment.Variables.TUQUAN_ALERT_TOPIC_ARN,
    ]).toEqual(['index.handler', 900, undefined, undefined, undefined]);
  });

  it('lets the scheduler, for this account only, invoke exactly the scheduled functions', () => {
    if (!laterJob) throw new Error('no later job');
    const role = s.stack.node.findChild('Notifications').node.findChild('SchedulerRole');
    const roleProps = propsOf(role as never);
    const policy =
      resources()[s.stack.getLogicalId(role.node.findChild('DefaultPolicy').node.defaultChild as never)]
        ?.Properties.PolicyDocument.Statement;

    expect(roleProps.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    // cdk.json's minimizePolicies merges the grants into one statement, functions sorted by logical id.
    const byLogicalId = (a: { 'Fn::GetAtt': string[] }, b: { 'Fn::GetAtt': string[] }) =>
      String(a['Fn::GetAtt'][0]).localeCompare(String(b['Fn::GetAtt'][0]));

    expect(policy).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [
          arnOf(s.stack.notifications.sweep),
          arnOf(suggestionDigest),
          arnOf(retentionJob),
          arnOf(laterJob as NodejsFunction),
        ].sort(byLogicalId),
      },
    ]);
  });
});

describe('Notifications: alarms', () => {
  it('alarms on throttles, stream age, dead letters, dispatcher and job errors, error lines, SMS failures and spend, all to the topic', () => {
    const topic = ref(s.stack.alarms.alarmTopic);
    // The API's and the account's alarms are test/cdk/auth-alarms.test.ts's.
    const routeFunctions = [...s.stack.api.routeFunctions.values()].map((fn) => JSON.stringify(ref(fn)));
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm'))
      .map(({ Properties: { Tags, AlarmDescription, ...properties } }) => properties)
      .filter(
        (alarm) =>
          alarm.Namespace !== 'AWS/ApiGateway' &&
          !(alarm.Namespace === 'AWS/Lambda' && alarm.Dimensions === undefined) &&
          !routeFunctions.includes(JSON.stringify(alarm.Dimensions?.[0]?.Value)),
      );
    const common = {
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    };
    const lambdaErrors = (fn: NodejsFunction, threshold: number) => ({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(fn) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: threshold,
      ...common,
    });
    const throttles = (fn: NodejsFunction) => ({ ...lambdaErrors(fn, 1), MetricName: 'Throttles' });
    const logCount = (name: string) => ({
      Namespace: 'tuquan/quang-ninh',
      MetricName: name,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ...common,
    });

    expect(alarms).toEqual([
      throttles(s.stack.notifications.dispatcher),
      throttles(s.stack.notifications.sweep),
      lambdaErrors(s.stack.notifications.sweep, 2),
      {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [ref(s.stack.notifications.deadLetters).Ref, 'QueueName'] },
          },
        ],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        ...common,
      },
      lambdaErrors(s.stack.notifications.dispatcher, 1),
      {
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: ref(s.stack.notifications.dispatcher) }],
        Statistic: 'Maximum',
        Period: 300,
        // Two minutes behind the stream: where the sweep starts redriving what the stream has not dispatched.
        Threshold: 120_000,
        ...common,
      },
      logCount('DispatchErrors'),
      logCount('SmsFailures'),
      {
        Namespace: 'AWS/SNS',
        MetricName: 'SMSMonthToDateSpentUSD',
        Statistic: 'Maximum',
        Period: 900,
        // 80 % of the default budget: 2,000 SMS a day × $0.03 × 31 days = $1,860.
        Threshold: 1488,
        ...common,
      },
      throttles(suggestionDigest),
      lambdaErrors(suggestionDigest, 1),
      throttles(retentionJob),
      lambdaErrors(retentionJob, 1),
      throttles(laterJob as NodejsFunction),
      lambdaErrors(laterJob as NodejsFunction, 1),
    ]);
  });

  it('counts error lines and given-up SMS lines in the logs of every function it runs, later jobs included', () => {
    type Filter = { LogGroupName: unknown; MetricTransformations: { MetricName: string }[] };
    const key = (f: Filter) => `${f.MetricTransformations[0]?.MetricName} ${JSON.stringify(f.LogGroupName)}`;
    const byText = (a: Filter, b: Filter) => key(a).localeCompare(key(b));
    const filters = Object.values(s.template.findResources('AWS::Logs::MetricFilter'))
      .map((filter) => filter.Properties)
      .sort(byText);
    const filter = (group: NodejsFunction, pattern: string, name: string) => ({
      LogGroupName: s.resolve(group.logGroup.logGroupName),
      FilterPattern: pattern,
      MetricTransformations: [{ MetricNamespace: 'tuquan/quang-ninh', MetricName: name, MetricValue: '1' }],
    });
    const groups = [
      s.stack.notifications.dispatcher,
      s.stack.notifications.sweep,
      suggestionDigest,
      retentionJob,
      laterJob,
    ];

    expect(filters).toEqual(
      groups
        .flatMap((group) => [
          filter(group as NodejsFunction, '{ $.level = "error" }', 'DispatchErrors'),
          filter(
            group as NodejsFunction,
            '{ ($.message = "sms not sent") || ($.message = "digest sms not sent") }',
            'SmsFailures',
          ),
        ])
        .sort(byText),
    );
  });

  it('counts the log lines the dispatcher and the digest really write when they give up on an SMS', () => {
    const source = (path: string) =>
      readFileSync(new URL(`../../functions/${path}`, import.meta.url), 'utf8');

    expect(source('dispatch/dispatcher.ts')).toContain("log.warn('sms not sent',");
    expect(source('suggestions/digest.ts')).toContain("log.warn('digest sms not sent',");
  });

  it('puts the spend alarm at 80 % of a budget given to the stack', () => {
    const app = newApp();
    const stack = new TuquanStack(app, 'budget', {
      province: { ...demoProvince(), id: 'budget' },
      siteDir: SITE_FIXTURE,
      smsMonthlyBudgetUsd: 250,
    });
    const spend = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).find(
      (alarm) => alarm.Properties.MetricName === 'SMSMonthToDateSpentUSD',
    );

    expect([spend?.Properties.Threshold, stack.notifications.smsMonthlyBudgetUsd]).toEqual([200, 250]);
  });
});

describe('-c smsMonthlyBudgetUsd', () => {
  it('takes a positive number of USD, or nothing for the default', () => {
    expect([budgetFromContext('250'), budgetFromContext(80.5), budgetFromContext(undefined)]).toEqual([
      250,
      80.5,
      undefined,
    ]);
  });

  it('refuses anything else, naming the key', () => {
    expect(() => budgetFromContext('0')).toThrow('-c smsMonthlyBudgetUsd: a positive number of USD, not "0"');
    expect(() => budgetFromContext('lots')).toThrow('not "lots"');
  });
});

describe('Notifications: checks', () => {
  it('leaves cdk-nag nothing unacknowledged, a scheduled job included', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);

    expect(report).toEqual({ success: true, violations: [] });
  });

  it('lets no role in the stack publish to every topic', () => {
    const wide = Object.values(s.template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource?: unknown }[]).filter(
        (statement) =>
          [statement.Action].flat().some((action) => action === 'sns:Publish' || action === 'sns:*') &&
          [statement.Resource].flat().includes('*'),
      ),
    );

    expect(wide).toEqual([]);
  });
});
