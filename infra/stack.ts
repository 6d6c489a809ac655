import {
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  Stack,
  type StackProps,
  Tags,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { RouteDef } from '../functions/routes';
import type { Province } from '../functions/shared/province';
import { Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import { Auth } from './constructs/auth';
import { Data } from './constructs/data';
import { Functions } from './constructs/functions';
import { Notifications } from './constructs/notifications';
import { Site } from './constructs/site';

export interface TuquanStackProps extends StackProps {
  /** The validated province config: everything that differs between two provinces. */
  readonly province: Province;
  /**
   * The built site to deploy.
   * @default the repository's site/dist
   */
  readonly siteDir?: string;
  /**
   * The HTTP routes.
   * @default ROUTES from functions/routes.ts
   */
  readonly routes?: readonly RouteDef[];
  /**
   * The monthly SMS budget behind the spend alarm (80 %).
   * @default Notifications' default: the province's daily cap × estimated price × 31
   */
  readonly smsMonthlyBudgetUsd?: number;
  /**
   * The us-east-1 WebACL (WafStack) put in front of CloudFront; required when `waf.enabled`.
   * @default - no WAF
   */
  readonly webAclArn?: string;
}

/** One province: this stack only composes the constructs and hands them to each other. */
export class TuquanStack extends Stack {
  /** The province config it was made from. */
  readonly province: Province;
  readonly data: Data;
  readonly auth: Auth;
  readonly functions: Functions;
  readonly api: Api;
  readonly site: Site;
  readonly alarms: Alarms;
  readonly notifications: Notifications;

  constructor(scope: Construct, id: string, props: TuquanStackProps) {
    const { province, siteDir, routes, smsMonthlyBudgetUsd, webAclArn, ...stackProps } = props;
    super(scope, id, {
      description: `tuquan: community self-management for ${province.name.en} (${province.stage})`,
      terminationProtection: province.stage === 'prod',
      ...stackProps,
    });
    if (province.waf?.enabled && !webAclArn) {
      throw new Error(
        `Province ${province.id}: waf.enabled needs the us-east-1 WebACL (buildApp adds the WAF stack)`,
      );
    }
    this.province = province;
    Tags.of(this).add('tuquan:province', province.id);
    Tags.of(this).add('tuquan:stage', province.stage);

    this.data = new Data(this, 'Data', { stage: province.stage });
    this.auth = new Auth(this, 'Auth', { province });
    this.functions = new Functions(this, 'Functions', { data: this.data, province });
    this.api = new Api(this, 'Api', { functions: this.functions, auth: this.auth, province, routes });
    this.site = new Site(this, 'Site', { api: this.api, auth: this.auth, province, siteDir });
    if (webAclArn) this.site.distribution.attachWebAclId(webAclArn);
    this.acknowledgeRegionalAssetBucket();
    this.alarms = new Alarms(this, 'Alarms', { emails: province.alarmEmails, api: this.api });
    this.notifications = new Notifications(this, 'Notifications', {
      data: this.data,
      functions: this.functions,
      alarms: this.alarms,
      province,
      smsMonthlyBudgetUsd,
    });
    // Officers start the day with yesterday's count of new suggestions per box (EventBridge Scheduler
    // in the province's own time zone). Safe to run again the same day: nothing is texted twice.
    this.notifications.addSchedule(
      'SuggestionDigest',
      'suggestions/digest.handler.ts',
      this.notifications.dailyAt(8),
      {
        // Boxes and their new suggestions, the on-duty roster, its SMS claims and the day's mark.
        table: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
        sms: true,
        // Sequential over the boxes with new suggestions, each SMS tried up to three times.
        timeout: Duration.minutes(5),
        description: 'Daily SMS digest of new suggestions per box',
      },
    );
    // Personal data kept no longer than the province's retention periods (docs/privacy.md): at night,
    // the items the retention index lists as due lose what is due. A missed night is made good by the next.
    this.notifications.addSchedule(
      'Retention',
      'retention/retention.handler.ts',
      this.notifications.dailyAt(3),
      {
        // The retention queue, the due items and a due report's partition; conditional erasures, audit deletes.
        table: ['GetItem', 'Query', 'UpdateItem', 'DeleteItem'],
        timeout: Duration.minutes(15),
        description: 'Nightly erasure of personal data past its retention period',
      },
    );

    new CfnOutput(this, 'SiteUrl', { value: `https://${this.site.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiEndpoint', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: this.auth.consoleClient.userPoolClientId });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.alarmTopic.topicArn });
    // What `npm run open311:keys` needs to hash the keys it issues (docs/deploy.md): the ARN, never the value.
    new CfnOutput(this, 'ServerSecretArn', { value: this.data.secret.secretArn });
  }

  /**
   * Site acknowledges BucketDeployment's read of the CDK asset bucket as cdk-nag names it in a
   * region-agnostic stack (`…-<AWS::Region>/*`). A stack pinned to a region (a province with a WAF,
   * for the cross-region reference) sees the region spelled out instead, and with cdk.json's
   * `enablePartitionLiterals` the partition too (`arn:aws:…`): the same grant, same reason.
   */
  private acknowledgeRegionalAssetBucket(): void {
    if (Token.isUnresolved(this.region)) return;
    const partition = Token.isUnresolved(this.partition) ? '<AWS::Partition>' : this.partition;
    const qualifier =
      (this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    Validations.of(this.site).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-${this.region}/*]`,
      reason:
        "CDK's BucketDeployment grant: reads the deployment package from the CDK bootstrap asset bucket " +
        'of this region, whose object keys are content hashes.',
    });
  }
}
