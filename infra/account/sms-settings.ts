import { Aws, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';

/**
 * The SNS SMS settings of an account in one region: shared by every province deployed there, so
 * they live in a stack of their own (`-c account=true`), not in a province's.
 */
const SmsAccountSettingsSchema = z.strictObject({
  /**
   * SNS stops sending every SMS of the account (all provinces) once the month's spend reaches this.
   * An account starts at 1 USD; above that, AWS must first raise the account's quota (a support case).
   */
  monthlySpendLimitUsd: z.pipe(
    z.transform((value) => (value === undefined ? value : Number(value))),
    z
      .number({
        error: (issue) =>
          issue.input === undefined
            ? 'required: the monthly SMS spend limit of the account, in whole USD (e.g. 300)'
            : 'a whole number of USD',
      })
      .check(z.int('a whole number of USD'), z.minimum(1)),
  ),
  /** Used only by a Publish that names no sender ID; every tuquan SMS names its province's. */
  defaultSenderId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9]{1,11}$/))),
  /** Share of delivered SMS logged (failures always are); the logs hold the officers' numbers. */
  successSamplingPercent: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(100)), 100),
});

export type SmsAccountSettings = z.infer<typeof SmsAccountSettingsSchema>;

/** The context keys (`-c name=value`) the settings are read from. */
const SMS_CONTEXT = {
  monthlySpendLimitUsd: 'smsMonthlySpendLimitUsd',
  defaultSenderId: 'smsDefaultSenderId',
  successSamplingPercent: 'smsSuccessSamplingPercent',
} as const;

/** Reads and validates the settings from the app's context; each error names the `-c` key. */
export function smsSettingsFromContext(context: (key: string) => unknown): SmsAccountSettings {
  const raw = Object.fromEntries(
    Object.entries(SMS_CONTEXT)
      .map(([field, key]) => [field, context(key)])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = z.safeParse(SmsAccountSettingsSchema, raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const field = String(issue.path[0]) as keyof typeof SMS_CONTEXT;
      return `  - -c ${SMS_CONTEXT[field] ?? field}: ${issue.message}`;
    });
    throw new Error(`Invalid account SMS settings:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Where SNS writes SMS delivery status: log groups it names itself, per account and region. */
function deliveryLogGroupNames(): string[] {
  const base = `sns/${Aws.REGION}/${Aws.ACCOUNT_ID}/DirectPublishToPhoneNumber`;
  return [base, `${base}/Failure`];
}

/** cdk-nag's finding for a grant on SNS's delivery-status log groups (their names end in SNS's choice). */
const LOG_GROUPS_FINDING =
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:sns/<AWS::Region>/<AWS::AccountId>/DirectPublishToPhoneNumber*]';

export interface SmsSettingsStackProps extends StackProps {
  readonly settings: SmsAccountSettings;
}

/**
 * The account's SMS settings (SetSMSAttributes: spend limit, transactional by default, the default
 * sender ID) and delivery-status logging: a role SNS assumes to write into its two log groups,
 * which are made here (kept a month) so that they do not keep officers' numbers forever.
 * Deleting the stack leaves the settings as they are.
 */
export class SmsSettingsStack extends Stack {
  readonly deliveryStatusRole: iam.Role;

  constructor(scope: Construct, id: string, props: SmsSettingsStackProps) {
    const { settings, ...stackProps } = props;
    super(scope, id, {
      description:
        'tuquan: account-wide SNS SMS settings and delivery-status logging (shared by all provinces)',
      ...stackProps,
    });
    const logGroupArns = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:sns/${Aws.REGION}/${Aws.ACCOUNT_ID}/DirectPublishToPhoneNumber*`;

    this.deliveryStatusRole = new iam.Role(this, 'DeliveryStatusRole', {
      assumedBy: new iam.ServicePrincipal('sns.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'tuquan: lets SNS log SMS delivery status',
    });
    // The actions SNS documents for delivery-status logging, on its two log groups only.
    this.deliveryStatusRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:PutMetricFilter',
          'logs:PutRetentionPolicy',
        ],
        resources: [logGroupArns],
      }),
    );
    Validations.of(this.deliveryStatusRole).acknowledge({
      id: LOG_GROUPS_FINDING,
      reason:
        'SNS names the delivery-status log groups itself (DirectPublishToPhoneNumber and .../Failure) and ' +
        'writes streams it names: the wildcard covers exactly those two groups and their streams.',
    });

    // The custom resources' one function: a role and a log group of our own, no managed policy.
    const providerLogs = new logs.LogGroup(this, 'ProviderLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const providerRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'tuquan: applies the account SMS settings at deploy',
    });
    providerLogs.grantWrite(providerRole);
    providerRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.deliveryStatusRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
      }),
    );
    const common = {
      role: providerRole,
      logGroup: providerLogs,
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
    };

    const logGroups = deliveryLogGroupNames().map((logGroupName, index) => {
      const name = index === 0 ? 'DeliveryLogs' : 'FailureLogs';
      // SNS may have made the group already (an account that sent SMS before): that is fine.
      const created = new AwsCustomResource(this, `${name}Group`, {
        ...common,
        onCreate: {
          service: 'CloudWatchLogs',
          action: 'createLogGroup',
          parameters: { logGroupName },
          physicalResourceId: PhysicalResourceId.of(`tuquan-sms-${name}`),
          ignoreErrorCodesMatching: 'ResourceAlreadyExistsException',
        },
        policy: AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['logs:CreateLogGroup'], resources: [logGroupArns] }),
        ]),
      });
      const retention: AwsSdkCall = {
        service: 'CloudWatchLogs',
        action: 'putRetentionPolicy',
        parameters: { logGroupName, retentionInDays: 30 },
        physicalResourceId: PhysicalResourceId.of(`tuquan-sms-${name}-retention`),
      };
      const kept = new AwsCustomResource(this, `${name}Retention`, {
        ...common,
        onCreate: retention,
        onUpdate: retention,
        policy: AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['logs:PutRetentionPolicy'], resources: [logGroupArns] }),
        ]),
      });
      kept.node.addDependency(created);
      for (const resource of [created, kept]) {
        Validations.of(resource).acknowledge({
          id: LOG_GROUPS_FINDING,
          reason:
            "Creates SNS's delivery-status log groups (names SNS fixes) and sets their retention; the " +
            'wildcard covers exactly DirectPublishToPhoneNumber and DirectPublishToPhoneNumber/Failure.',
        });
      }
      return kept;
    });

    const attributes: Record<string, string> = {
      MonthlySpendLimit: String(settings.monthlySpendLimitUsd),
      DefaultSMSType: 'Transactional',
      DeliveryStatusIAMRole: this.deliveryStatusRole.roleArn,
      DeliveryStatusSuccessSamplingRate: String(settings.successSamplingPercent),
      ...(settings.defaultSenderId ? { DefaultSenderID: settings.defaultSenderId } : {}),
    };
    const apply: AwsSdkCall = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes },
      physicalResourceId: PhysicalResourceId.of('tuquan-sms-settings'),
    };
    const smsSettings = new AwsCustomResource(this, 'SmsSettings', {
      ...common,
      onCreate: apply,
      onUpdate: apply,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
      ]),
    });
    Validations.of(smsSettings).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "sns:SetSMSAttributes has no resource-level permission (the settings are the account's); it is the " +
        'only action on "*", run only while this stack deploys.',
    });
    // Delivery logging starts once the groups are there with their retention.
    for (const group of logGroups) smsSettings.node.addDependency(group);
  }
}
