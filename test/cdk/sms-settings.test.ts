import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAccountApp } from '../../infra/app';
import { newApp, type Resource, removeTempDirs } from './support';

const app = newApp({ smsMonthlySpendLimitUsd: '300', smsDefaultSenderId: 'TUQUAN' });
const stack = buildAccountApp(app);
const template = Template.fromStack(stack);
const resources = template.toJSON().Resources as Record<string, Resource>;

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const logGroupArns = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':logs:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':log-group:sns/',
      { Ref: 'AWS::Region' },
      '/',
      { Ref: 'AWS::AccountId' },
      '/DirectPublishToPhoneNumber*',
    ],
  ],
};

/**
 * An AwsCustomResource's SDK call (its Create) as JSON: pseudo parameters read `${AWS::Region}`, other
 * tokens come back as the template values they are.
 */
function sdkCall(id: string): { service: string; action: string; parameters: unknown } {
  const create = resources[id]?.Properties.Create;
  const parts: unknown[] = create['Fn::Join'][1];
  const placeholders: unknown[] = [];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: string }).Ref;
      if (ref?.startsWith('AWS::')) return `\${${ref}}`;
      placeholders.push(part);
      return `<${placeholders.length - 1}>`;
    })
    .join('');
  return JSON.parse(text, (_key, value) => {
    const match = typeof value === 'string' ? /^<(\d+)>$/.exec(value) : null;
    return match ? placeholders[Number(match[1])] : value;
  });
}

function idOf(path: string): string {
  const found = stack.node.findAll().find((c) => c.node.path === `tuquan-account/${path}`);
  if (!found) throw new Error(`no construct ${path}`);
  return logicalId(found);
}

afterAll(removeTempDirs);

describe('the account SMS settings stack', () => {
  it('sets the spend limit, transactional SMS, the default sender ID and delivery-status logging', () => {
    expect(sdkCall(idOf('SmsSettings/Resource'))).toEqual({
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: {
        attributes: {
          MonthlySpendLimit: '300',
          DefaultSMSType: 'Transactional',
          DeliveryStatusIAMRole: { 'Fn::GetAtt': [logicalId(stack.deliveryStatusRole), 'Arn'] },
          DeliveryStatusSuccessSamplingRate: '100',
          DefaultSenderID: 'TUQUAN',
        },
      },
      physicalResourceId: { id: 'tuquan-sms-settings' },
    });
  });

  it("makes SNS's two delivery log groups if missing (an existing one is fine) and keeps their lines 30 days", () => {
    const group = (suffix: string) =>
      `sns/\${AWS::Region}/\${AWS::AccountId}/DirectPublishToPhoneNumber${suffix}`;
    const calls = ['DeliveryLogs', 'FailureLogs'].flatMap((name) => [
      sdkCall(idOf(`${name}Group/Resource`)),
      sdkCall(idOf(`${name}Retention/Resource`)),
    ]);

    expect(calls).toEqual([
      {
        service: 'CloudWatchLogs',
        action: 'createLogGroup',
        parameters: { logGroupName: group('') },
        physicalResourceId: { id: 'tuquan-sms-DeliveryLogs' },
        ignoreErrorCodesMatching: 'ResourceAlreadyExistsException',
      },
      {
        service: 'CloudWatchLogs',
        action: 'putRetentionPolicy',
        parameters: { logGroupName: group(''), retentionInDays: 30 },
        physicalResourceId: { id: 'tuquan-sms-DeliveryLogs-retention' },
      },
      {
        service: 'CloudWatchLogs',
        action: 'createLogGroup',
        parameters: { logGroupName: group('/Failure') },
        physicalResourceId: { id: 'tuquan-sms-FailureLogs' },
        ignoreErrorCodesMatching: 'ResourceAlreadyExistsException',
      },
      {
        service: 'CloudWatchLogs',
        action: 'putRetentionPolicy',
        parameters: { logGroupName: group('/Failure'), retentionInDays: 30 },
        physicalResourceId: { id: 'tuquan-sms-FailureLogs-retention' },
      },
    ]);
  });

  it('lets only SNS of this account assume the delivery-status role, to write into its own log groups', () => {
    const role = resources[logicalId(stack.deliveryStatusRole)]?.Properties;
    const policy = Object.entries(resources).find(
      ([id, resource]) =>
        resource.Type === 'AWS::IAM::Policy' && id.startsWith('DeliveryStatusRoleDefaultPolicy'),
    )?.[1].Properties.PolicyDocument.Statement;

    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(policy).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:PutMetricFilter',
          'logs:PutRetentionPolicy',
        ],
        Resource: logGroupArns,
      },
    ]);
  });

  it('lets the deploy-time function write its logs, make the log groups, pass the role to SNS only, set SMS', () => {
    const statements = Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Policy')
      .filter(([, resource]) => resource.Properties.Roles[0].Ref.startsWith('ProviderRole'))
      .flatMap(([, resource]) => resource.Properties.PolicyDocument.Statement);

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ProviderLogs/), 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: { 'Fn::GetAtt': [logicalId(stack.deliveryStatusRole), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
      },
      { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: logGroupArns },
      { Effect: 'Allow', Action: 'logs:PutRetentionPolicy', Resource: logGroupArns },
      { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: logGroupArns },
      { Effect: 'Allow', Action: 'logs:PutRetentionPolicy', Resource: logGroupArns },
      { Effect: 'Allow', Action: 'sns:SetSMSAttributes', Resource: '*' },
    ]);
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    expect(new AwsSolutionsChecks().validateScope(app)).toEqual({ success: true, violations: [] });
  });

  it('is the only stack of an account app', () => {
    expect(app.node.children.filter((child) => 'templateOptions' in child).map((s) => s.node.id)).toEqual([
      'tuquan-account',
    ]);
  });

  it('refuses to guess the spend limit, naming the -c key', () => {
    expect(() => buildAccountApp(newApp({}))).toThrow(
      /Invalid account SMS settings:\n {2}- -c smsMonthlySpendLimitUsd: required: /,
    );
  });

  it('refuses a sender ID Vietnam would not register, naming the -c key', () => {
    const build = () =>
      buildAccountApp(newApp({ smsMonthlySpendLimitUsd: 50, smsDefaultSenderId: 'Too long a name' }));

    expect(build).toThrow(/- -c smsDefaultSenderId: /);
  });
});
