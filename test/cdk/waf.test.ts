import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { rateRules, type WafStack } from '../../infra/constructs/waf';
import {
  demoProvince,
  newApp,
  one,
  provincesDir,
  type Resource,
  removeTempDirs,
  SITE_FIXTURE,
  synthProvince,
} from './support';

const dir = provincesDir([{ ...demoProvince(), id: 'with-waf', waf: { enabled: true } }]);
const app = newApp();
const [stack] = buildApp(app, {
  provincesDir: dir,
  province: 'with-waf',
  siteDir: SITE_FIXTURE,
  region: 'ap-southeast-1',
});
const waf = app.node.findChild('tuquan-with-waf-waf') as WafStack;
const assembly = app.synth();
const wafTemplate = Template.fromStack(waf);
const provinceTemplate = Template.fromStack(stack as Stack);

const byteMatch = (field: 'Method' | 'UriPath', constraint: string, value: string) => ({
  ByteMatchStatement: {
    FieldToMatch: { [field]: {} },
    PositionalConstraint: constraint,
    SearchString: value,
    TextTransformations: [{ Priority: 0, Type: 'NONE' }],
  },
});
const visibility = (name: string) => ({
  CloudWatchMetricsEnabled: true,
  MetricName: name,
  SampledRequestsEnabled: false,
});
const rateRule = (name: string, priority: number, limit: number, statements: unknown[]) => ({
  Name: name,
  Priority: priority,
  Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
  Statement: {
    RateBasedStatement: {
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 60,
      Limit: limit,
      ScopeDownStatement: { AndStatement: { Statements: statements } },
    },
  },
  VisibilityConfig: visibility(name),
});

/** The properties of a template's only resource of `type`. */
function only(template: Template, type: string): Resource['Properties'] {
  const found = Object.values(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]?.Properties;
}

afterAll(removeTempDirs);

describe('the WAF of a province with waf.enabled', () => {
  it('is a stack of its own in us-east-1 (where CloudFront WebACLs live), deployed before the province', () => {
    expect({
      wafRegion: waf.region,
      provinceRegion: stack?.region,
      dependsOnWaf: stack?.dependencies.includes(waf),
      protected: waf.terminationProtection,
    }).toEqual({
      wafRegion: 'us-east-1',
      provinceRegion: 'ap-southeast-1',
      dependsOnWaf: true,
      protected: true,
    });
  });

  it("runs AWS's common rules (body size counted, not blocked), then the province's per-IP limits a minute", () => {
    const acl = only(wafTemplate, 'AWS::WAFv2::WebACL');
    const post = byteMatch('Method', 'EXACTLY', 'POST');
    const followUp = byteMatch('UriPath', 'STARTS_WITH', '/api/follow-up');
    const api = byteMatch('UriPath', 'STARTS_WITH', '/api/');

    // Demo limits (per client, a minute): 600 GETs, 60 POSTs, 30 follow-ups; 600 Open311 POSTs.
    expect(acl).toEqual({
      Name: 'tuquan-with-waf',
      Description: 'tuquan with-waf: AWS common rules and per-IP rate limits for CloudFront',
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        {
          Name: 'aws-common',
          Priority: 0,
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: {
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            },
          },
          VisibilityConfig: visibility('aws-common'),
        },
        rateRule('follow-ups-per-ip', 1, 30, [post, followUp]),
        rateRule('api-posts-per-ip', 2, 60, [post, api, { NotStatement: { Statement: followUp } }]),
        rateRule('api-gets-per-ip', 3, 600, [
          byteMatch('Method', 'EXACTLY', 'GET'),
          { OrStatement: { Statements: [api, byteMatch('UriPath', 'STARTS_WITH', '/open311/')] } },
        ]),
        // An app's server files for many residents: ten times a resident's POSTs, a flood still stops.
        rateRule('open311-posts-per-ip', 4, 600, [post, byteMatch('UriPath', 'STARTS_WITH', '/open311/')]),
      ],
      VisibilityConfig: visibility('tuquan-with-waf'),
      Tags: [
        { Key: 'tuquan:province', Value: 'with-waf' },
        { Key: 'tuquan:stage', Value: 'prod' },
      ],
    });
  });

  it('never raises a limit below what WAF accepts (10 requests in the window)', () => {
    const limits = rateRules({
      publicPostsPerMinute: 5,
      publicGetsPerMinute: 300,
      followUpsPerMinute: 1,
      officerRequestsPerMinute: 120,
    }).map((rule) => [rule.name, rule.limit]);

    expect(limits).toEqual([
      ['follow-ups-per-ip', 10],
      ['api-posts-per-ip', 10],
      ['api-gets-per-ip', 300],
      ['open311-posts-per-ip', 50],
    ]);
  });

  it("is attached to the province's distribution through a cross-region reference", () => {
    const distribution = only(provinceTemplate, 'AWS::CloudFront::Distribution');
    const writer = only(wafTemplate, 'Custom::CrossRegionExportWriter');
    const webAclId = distribution.DistributionConfig.WebACLId;

    expect(webAclId).toEqual({
      'Fn::GetAtt': [
        expect.stringMatching(/^ExportsReader/),
        expect.stringMatching(/^\/cdk\/exports\/tuquan-with-waf\/.*WebAclArn/),
      ],
    });
    expect(writer.WriterProps).toEqual({
      region: 'ap-southeast-1',
      exports: {
        [webAclId['Fn::GetAtt'][1]]: {
          'Fn::GetAtt': [waf.getLogicalId(waf.webAcl), 'Arn'],
        },
      },
    });
  });

  it('leaves cdk-nag and CDK nothing to report in either stack', () => {
    const messages = assembly.stacks.flatMap((s) =>
      s.messages
        .filter((message) => message.level !== 'info')
        .map((message) => `${message.id}: ${message.entry.data}`),
    );

    expect(new AwsSolutionsChecks().validateScope(app)).toEqual({ success: true, violations: [] });
    expect(messages).toEqual([]);
  });

  it('fails with a clear message when synth does not know the province region', () => {
    const saved = { CDK_DEFAULT_REGION: process.env.CDK_DEFAULT_REGION, AWS_REGION: process.env.AWS_REGION };
    delete process.env.CDK_DEFAULT_REGION;
    delete process.env.AWS_REGION;
    try {
      expect(() =>
        buildApp(newApp(), { provincesDir: dir, province: 'with-waf', siteDir: SITE_FIXTURE }),
      ).toThrow(
        'Province with-waf: waf.enabled puts its WAF in us-east-1, which CloudFront takes across regions, ' +
          "so synth needs this stack's region: set AWS_REGION",
      );
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
    }
  });

  it('leaves a province without waf.enabled region-agnostic and without a WebACL', () => {
    const plain = synthProvince(demoProvince());
    const distribution = one(plain, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;

    const stacks = plain.app.node.children
      .filter((child) => Stack.isStack(child))
      .map((child) => child.node.id);

    expect([distribution.WebACLId, stacks]).toEqual([undefined, ['tuquan-quang-ninh']]);
    expect(Token.isUnresolved(plain.stack.region)).toBe(true);
  });
});
