import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { demoProvince, one, removeTempDirs, type Synthesized, synthProvince } from './support';

const prod = synthProvince(
  { ...demoProvince(), alarmEmails: ['duty@quangninh.example.vn', 'it@quangninh.example.vn'] },
  {
    // What the dispatcher construct will do with its dead-letter queue.
    extend: (stack) =>
      stack.alarms.addAlarm('DispatcherDeadLetters', {
        metric: new Metric({
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          dimensionsMap: { QueueName: 'dispatcher-dlq' },
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 1,
        description: 'Notifications failed for good',
      }),
  },
);
const dev = synthProvince({ ...demoProvince(), id: 'auth-dev', stage: 'dev' });

const ref = (s: Synthesized, construct: { node: { defaultChild?: unknown } }) => ({
  Ref: s.stack.getLogicalId(construct.node.defaultChild as never),
});

afterAll(removeTempDirs);

describe('Auth', () => {
  it('makes a user pool nobody signs up to, with TOTP MFA required and a strong password policy', () => {
    const pool = one(prod, 'AWS::Cognito::UserPool').Properties;

    expect({
      AdminCreateUserConfig: pool.AdminCreateUserConfig,
      MfaConfiguration: pool.MfaConfiguration,
      EnabledMfas: pool.EnabledMfas,
      PasswordPolicy: pool.Policies.PasswordPolicy,
      UsernameAttributes: pool.UsernameAttributes,
    }).toEqual({
      AdminCreateUserConfig: {
        AllowAdminCreateUserOnly: true,
        InviteMessageTemplate: {
          EmailSubject: 'tuquan Quảng Ninh: tài khoản cán bộ / officer account',
          EmailMessage: expect.stringContaining('{username}'),
        },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      PasswordPolicy: {
        MinimumLength: 12,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: 3,
      },
      UsernameAttributes: ['email'],
    });
  });

  it('puts prod on the Plus plan with enforced threat protection and keeps it; dev on Essentials, removable', () => {
    const prodPool = one(prod, 'AWS::Cognito::UserPool');
    const devPool = one(dev, 'AWS::Cognito::UserPool');

    expect([
      prodPool.Properties.UserPoolTier,
      prodPool.Properties.UserPoolAddOns,
      prodPool.Properties.DeletionProtection,
      prodPool.DeletionPolicy,
    ]).toEqual(['PLUS', { AdvancedSecurityMode: 'ENFORCED' }, 'ACTIVE', 'Retain']);
    expect([
      devPool.Properties.UserPoolTier,
      devPool.Properties.UserPoolAddOns,
      devPool.Properties.DeletionProtection,
      devPool.DeletionPolicy,
    ]).toEqual(['ESSENTIALS', undefined, 'INACTIVE', 'Delete']);
  });

  it('has the officer and admin groups, admin first', () => {
    const groups = Object.values(prod.template.findResources('AWS::Cognito::UserPoolGroup')).map((group) => [
      group.Properties.GroupName,
      group.Properties.Precedence,
    ]);

    expect(groups.sort()).toEqual([
      ['admin', 1],
      ['officer', 2],
    ]);
  });

  it('gives the officer console a public client on the code flow (PKCE), calling back to /officer/', () => {
    const client = one(prod, 'AWS::Cognito::UserPoolClient').Properties;

    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: ['https://tuquan.quangninh.example.vn/officer/'],
      LogoutURLs: ['https://tuquan.quangninh.example.vn/officer/'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });

  it('lets no officer write their own e-mail, and keeps the verified address until a new one is verified', () => {
    const client = one(prod, 'AWS::Cognito::UserPoolClient').Properties;
    const pool = one(prod, 'AWS::Cognito::UserPool').Properties;

    // Absent or empty, WriteAttributes would let the client write every standard attribute, email too.
    expect(client.WriteAttributes).toEqual(['locale']);
    expect(pool.UserAttributeUpdateSettings).toEqual({
      AttributesRequireVerificationBeforeUpdate: ['email'],
    });
    expect(pool.AutoVerifiedAttributes).toEqual(['email']);
  });

  it('names the hosted sign-in domain after the province', () => {
    const domain = one(dev, 'AWS::Cognito::UserPoolDomain').Properties;

    expect(domain).toEqual({ Domain: 'tuquan-auth-dev', UserPoolId: ref(dev, dev.stack.auth.userPool) });
  });
});

describe('Alarms', () => {
  it("e-mails every alarm address through a topic that the account's alarms may publish to, over TLS only", () => {
    const topic = ref(prod, prod.stack.alarms.alarmTopic);
    const subscriptions = Object.values(prod.template.findResources('AWS::SNS::Subscription')).map(
      (subscription) => subscription.Properties,
    );
    const policy = one(prod, 'AWS::SNS::TopicPolicy').Properties.PolicyDocument.Statement;

    expect(subscriptions).toEqual([
      { Protocol: 'email', Endpoint: 'duty@quangninh.example.vn', TopicArn: topic },
      { Protocol: 'email', Endpoint: 'it@quangninh.example.vn', TopicArn: topic },
    ]);
    expect(policy).toEqual([
      {
        Sid: 'AllowPublishThroughSSLOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: topic,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      // The topic's policy replaces SNS's default one: without this no alarm could publish.
      {
        Sid: 'AllowCloudWatchAlarmsOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic,
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudwatch:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':alarm:*',
                ],
              ],
            },
          },
        },
      },
    ]);
  });

  it('sends every alarm to that topic, whether it fires or clears', () => {
    const topic = ref(prod, prod.stack.alarms.alarmTopic);
    const actions = Object.values(prod.template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => [
      alarm.Properties.AlarmActions,
      alarm.Properties.OKActions,
    ]);

    expect(actions.length).toBeGreaterThan(10);
    expect(new Set(actions.map((pair) => JSON.stringify(pair)))).toEqual(
      new Set([JSON.stringify([[topic], [topic]])]),
    );
  });

  it("alarms on throttles of each public POST's function and on throttles anywhere in the account", () => {
    const topic = ref(prod, prod.stack.alarms.alarmTopic);
    const throttles = Object.values(prod.template.findResources('AWS::CloudWatch::Alarm'))
      .map((alarm) => alarm.Properties)
      .filter((alarm) => alarm.MetricName === 'Throttles');
    const watched = (key: string) => ({
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [
        { Name: 'FunctionName', Value: ref(prod, prod.stack.api.routeFunctions.get(key) as never) },
      ],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    const { Dimensions, ...account } = watched('POST /api/reports');

    expect(throttles.map(({ Tags, AlarmDescription, ...alarm }) => alarm)).toEqual(
      expect.arrayContaining([
        watched('POST /api/reports'),
        watched('POST /api/ack/{token}'),
        watched('POST /api/follow-up'),
        watched('POST /api/suggestions'),
        account,
      ]),
    );
  });

  it("raises an alarm on the API's 5xx count and one for each alarm a later construct adds", () => {
    const topic = ref(prod, prod.stack.alarms.alarmTopic);
    const alarms = Object.values(prod.template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => {
      const { Tags, AlarmDescription, ...properties } = alarm.Properties;
      return properties;
    });

    // Notifications adds its own alarms too; test/cdk/notifications.test.ts lists them.
    expect(alarms).toEqual(
      expect.arrayContaining([
        {
          Namespace: 'AWS/ApiGateway',
          MetricName: '5xx',
          Dimensions: [{ Name: 'ApiId', Value: ref(prod, prod.stack.api.httpApi) }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 5,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [topic],
          OKActions: [topic],
        },
        {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: 'dispatcher-dlq' }],
          Statistic: 'Maximum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [topic],
          OKActions: [topic],
        },
      ]),
    );
  });
});
