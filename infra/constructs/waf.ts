import { Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { Province } from '../../functions/shared/province';

/** AWS WAF refuses a rate-based limit under 10 requests in its window. */
const WAF_MIN_RATE_LIMIT = 10;

type Statement = wafv2.CfnWebACL.StatementProperty;

const matches = (field: 'method' | 'uriPath', constraint: 'EXACTLY' | 'STARTS_WITH', value: string) => ({
  byteMatchStatement: {
    fieldToMatch: { [field]: {} },
    positionalConstraint: constraint,
    searchString: value,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/**
 * Open311 POSTs from one address, a minute, as a multiple of a resident's POST limit: an app's server
 * files for many residents, so the bound is generous, but a flood across Lambda containers stops here.
 */
const OPEN311_POSTS_FACTOR = 10;

/**
 * The per-client limits of the province (a minute, by client IP, as the functions count them), as
 * WAF rate rules over the last 60 seconds: follow-ups, other API POSTs, API and Open311 GETs, Open311
 * POSTs. The site's own files are not limited here (CloudFront caches them; a page load fetches several).
 */
export function rateRules(
  limits: Province['rateLimits'],
): { name: string; limit: number; scope: Statement }[] {
  const post = matches('method', 'EXACTLY', 'POST');
  // Follow-up and /api/follow-up/erase-contact: both take receipts, so one limit counts them together.
  const followUp = matches('uriPath', 'STARTS_WITH', '/api/follow-up');
  const api = matches('uriPath', 'STARTS_WITH', '/api/');
  // Open311's reads count as API GETs; its POSTs come from an app's servers, many residents behind one
  // address, and are held by each key's own limit (functions/open311) under a generous per-address bound.
  const open311 = matches('uriPath', 'STARTS_WITH', '/open311/');
  return [
    {
      name: 'follow-ups-per-ip',
      limit: limits.followUpsPerMinute,
      scope: { andStatement: { statements: [post, followUp] } },
    },
    {
      name: 'api-posts-per-ip',
      limit: limits.publicPostsPerMinute,
      scope: { andStatement: { statements: [post, api, { notStatement: { statement: followUp } }] } },
    },
    {
      name: 'api-gets-per-ip',
      limit: limits.publicGetsPerMinute,
      scope: {
        andStatement: {
          statements: [matches('method', 'EXACTLY', 'GET'), { orStatement: { statements: [api, open311] } }],
        },
      },
    },
    {
      name: 'open311-posts-per-ip',
      limit: limits.publicPostsPerMinute * OPEN311_POSTS_FACTOR,
      scope: { andStatement: { statements: [post, open311] } },
    },
  ].map((rule) => ({ ...rule, limit: Math.max(WAF_MIN_RATE_LIMIT, rule.limit) }));
}

export interface WafStackProps extends StackProps {
  readonly province: Province;
}

/**
 * The province's CloudFront WebACL, which AWS keeps in us-east-1 only: AWS's common rule set, then
 * the province's per-IP rate limits answering 429. No sampled requests and no WAF logs, since both
 * keep client IP addresses (anonymous reporting stores none); CloudWatch metrics count what is blocked.
 */
export class WafStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    const { province, ...stackProps } = props;
    super(scope, id, {
      description: `tuquan: CloudFront WAF for ${province.name.en} (${province.stage})`,
      terminationProtection: province.stage === 'prod',
      ...stackProps,
    });
    Tags.of(this).add('tuquan:province', province.id);
    Tags.of(this).add('tuquan:stage', province.stage);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });

    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'aws-common',
        priority: 0,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: 'AWSManagedRulesCommonRuleSet',
            // A 2,000-character Vietnamese report posted as a form is well over the rule's 8 KB (every
            // accented letter is nine bytes percent-encoded); the API refuses bodies over 32 KiB itself.
            ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
          },
        },
        visibilityConfig: visibility('aws-common'),
      },
      ...rateRules(province.rateLimits).map((rule, index) => ({
        name: rule.name,
        priority: index + 1,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            evaluationWindowSec: 60,
            limit: rule.limit,
            scopeDownStatement: rule.scope,
          },
        },
        visibilityConfig: visibility(rule.name),
      })),
    ];

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `tuquan-${province.id}`,
      description: `tuquan ${province.id}: AWS common rules and per-IP rate limits for CloudFront`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(`tuquan-${province.id}`),
    });
  }
}
