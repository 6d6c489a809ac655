import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, FIRST_DEPLOY_BASE_URL, loadProvince, PROVINCES_DIR, provinceIds } from '../../infra/app';
import { demoProvince, NO_BUNDLING, newApp, provincesDir, removeTempDirs, SITE_FIXTURE } from './support';

const app = newApp(NO_BUNDLING, true);
const stacks = buildApp(app, { siteDir: SITE_FIXTURE });
const assembly = app.synth();

function build(dir: string, province?: string) {
  return () => buildApp(newApp(), { provincesDir: dir, province, siteDir: SITE_FIXTURE });
}

afterAll(removeTempDirs);

describe('the CDK app', () => {
  it('synthesizes one stack per province file, named after it', () => {
    const names = assembly.stacks.map((stack) => stack.stackName).sort();

    expect(names).toEqual(provinceIds().map((id) => `tuquan-${id}`));
    expect(names).toEqual(expect.arrayContaining(['tuquan-quang-ninh', 'tuquan-cao-bang']));
  });

  it('leaves cdk-nag (AwsSolutions) nothing unacknowledged, errors or warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(app);

    expect(report).toEqual({ success: true, violations: [] });
  });

  it('leaves an empty validation report (CloudFormation schema checks and cdk-nag, as cdk synth runs them)', () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));

    expect(report.pluginReports).toEqual([]);
  });

  it('synthesizes without CDK warnings or errors', () => {
    const messages = assembly.stacks.flatMap((stack) =>
      stack.messages
        .filter((message) => message.level !== 'info')
        .map((message) => `${message.id}: ${message.entry.data}`),
    );

    expect(messages).toEqual([]);
  });

  it('keeps prod stacks from being deleted by accident, and lets dev stacks go', () => {
    const protection = Object.fromEntries(
      stacks.map((stack) => [stack.stackName, stack.terminationProtection]),
    );

    expect(protection).toMatchObject({ 'tuquan-quang-ninh': true, 'tuquan-cao-bang': false });
  });

  it('synthesizes only the province named by -c province=<id>', () => {
    const one = buildApp(newApp(), { province: 'cao-bang', siteDir: SITE_FIXTURE });

    expect(one.map((stack) => stack.stackName)).toEqual(['tuquan-cao-bang']);
  });
});

describe('province configs', () => {
  it('loads each shipped province, its id equal to its file name', () => {
    const ids = provinceIds().map((id) => loadProvince(id).id);

    expect(ids).toEqual(provinceIds());
  });

  it('fails on a missing field, naming it', () => {
    const { alarmEmails, ...broken } = demoProvince();
    const dir = provincesDir([{ ...broken, id: 'broken' }]);

    expect(build(dir, 'broken')).toThrow(/Invalid province config .*broken\.json:\n {2}- alarmEmails: /);
  });

  it('fails on a wrong field, naming it, also when synthesizing every province', () => {
    const dir = provincesDir([
      demoProvince(),
      {
        ...demoProvince(),
        id: 'wrong',
        rateLimits: { ...demoProvince().rateLimits, publicPostsPerMinute: 0 },
      },
    ]);

    expect(build(dir)).toThrow(/wrong\.json:\n {2}- rateLimits\.publicPostsPerMinute: /);
  });

  it('fails when the id differs from the file name', () => {
    const dir = provincesDir([{ ...demoProvince(), id: 'ha-long' }]);
    writeFileSync(join(dir, 'mismatch.json'), JSON.stringify(demoProvince()));

    expect(build(dir, 'mismatch')).toThrow('- id: "quang-ninh" must equal the file name "mismatch"');
  });

  it('names the known provinces when asked for an unknown one', () => {
    expect(build(PROVINCES_DIR, 'ha-noi')).toThrow(/No province "ha-noi": .* \(known: cao-bang, quang-ninh/);
  });

  it('refuses an id that is not a plain file name', () => {
    expect(build(PROVINCES_DIR, '../package')).toThrow('Province "../package": an id is lowercase letters');
  });

  it('fails on a file that is not JSON, naming the file', () => {
    const dir = provincesDir([]);
    writeFileSync(join(dir, 'half.json'), '{"id": "half",');

    expect(build(dir, 'half')).toThrow(/Invalid province config .*half\.json: not JSON/);
  });

  it('refuses a prod baseUrl that its distribution does not serve, naming the field and the fixes', () => {
    const { domain, ...withoutDomain } = demoProvince();
    const dir = provincesDir([{ ...withoutDomain, id: 'no-domain' }]);

    expect(build(dir, 'no-domain')).toThrow(
      /no-domain\.json:\n {2}- baseUrl: "https:\/\/tuquan\.quangninh\.example\.vn" is not served by this prod stack: without `domain` its site is reached only at its CloudFront address\. Either add "domain": \{"name": "tuquan\.quangninh\.example\.vn", .*or set baseUrl to the stack's SiteUrl output .*or to https:\/\/d0000000000000\.cloudfront\.net before the first deploy/,
    );
  });

  it('takes a prod baseUrl at its domain or at its CloudFront address, and any dev baseUrl', () => {
    const { domain, ...withoutDomain } = demoProvince();
    const dir = provincesDir([
      { ...withoutDomain, id: 'at-cloudfront', baseUrl: 'https://d111111abcdef8.cloudfront.net' },
      { ...withoutDomain, id: 'dev-anywhere', stage: 'dev' },
    ]);

    expect(build(dir, 'at-cloudfront')).not.toThrow();
    expect(build(dir, 'dev-anywhere')).not.toThrow();
    expect(build(PROVINCES_DIR, 'quang-ninh')).not.toThrow();
  });

  it('warns at synth while a prod province still has the first-deploy baseUrl', () => {
    const { domain, ...withoutDomain } = demoProvince();
    const dir = provincesDir([{ ...withoutDomain, id: 'first-deploy', baseUrl: FIRST_DEPLOY_BASE_URL }]);
    const app = newApp();
    buildApp(app, { provincesDir: dir, province: 'first-deploy', siteDir: SITE_FIXTURE });

    const warnings = app
      .synth()
      .stacks.flatMap((stack) => stack.messages)
      .filter((message) => message.level === 'warning')
      .map((message) => String(message.entry.data));

    expect(warnings).toEqual([
      expect.stringContaining(
        'baseUrl is https://d0000000000000.cloudfront.net: SMS links and officer sign-in will not work',
      ),
    ]);
  });

  it('gives a province with waf.enabled a us-east-1 WAF stack of its own (test/cdk/waf.test.ts has the rest)', () => {
    const dir = provincesDir([{ ...demoProvince(), id: 'with-waf', waf: { enabled: true } }]);
    const app = newApp();

    buildApp(app, {
      provincesDir: dir,
      province: 'with-waf',
      siteDir: SITE_FIXTURE,
      region: 'ap-southeast-1',
    });

    expect(app.node.children.map((child) => child.node.id)).toEqual([
      'tuquan-with-waf-waf',
      'tuquan-with-waf',
    ]);
  });
});
