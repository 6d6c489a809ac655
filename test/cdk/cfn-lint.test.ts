import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAccountApp, buildApp } from '../../infra/app';
import { demoProvince, newApp, provincesDir, removeTempDirs, SITE_FIXTURE } from './support';

/**
 * cfn-lint (AWS's CloudFormation linter, a Python tool) on every kind of template the project
 * deploys: the shipped provinces (prod with a domain, dev without), a province with a WAF and its
 * us-east-1 WAF stack, and the account stack. It is not on npm and Debian has no package of it; the
 * project's machines ship it (pip), and the README names it as a prerequisite: without it this suite
 * fails, it is never skipped.
 */
const found = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (found.status !== 0) {
  throw new Error(
    'cfn-lint is not on PATH: the CDK tests lint the synthesized templates with it (pip install cfn-lint)',
  );
}

/**
 * Checks left out, each for a reason:
 * - W3005 (a DependsOn that a GetAtt already implies): CDK makes each function depend on its role and
 *   the role's policy explicitly, so that the policy exists before the function is invoked.
 */
const IGNORED = ['W3005'];

interface Match {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Filename: string;
  Location: { Path: (string | number)[] };
}

function templates(): string[] {
  const dir = provincesDir([
    demoProvince(),
    {
      ...demoProvince(),
      id: 'lint-dev',
      stage: 'dev',
      domain: undefined,
      baseUrl: 'https://tuquan-dev.example.vn',
    },
    { ...demoProvince(), id: 'lint-waf', waf: { enabled: true } },
  ]);
  const provinces = newApp();
  const stacks = buildApp(provinces, { provincesDir: dir, siteDir: SITE_FIXTURE, region: 'ap-southeast-1' });
  const assembly = provinces.synth();
  const account = newApp({ smsMonthlySpendLimitUsd: '300', smsDefaultSenderId: 'TUQUAN' });
  buildAccountApp(account);
  const accountAssembly = account.synth();
  expect(stacks).toHaveLength(3);
  return [
    ...assembly.stacks.map((stack) => join(assembly.directory, stack.templateFile)),
    ...accountAssembly.stacks.map((stack) => join(accountAssembly.directory, stack.templateFile)),
  ];
}

afterAll(removeTempDirs);

describe('cfn-lint', () => {
  it('finds nothing in the province, WAF and account templates', () => {
    const files = templates();
    const run = spawnSync('cfn-lint', ['--format', 'json', '--ignore-checks', ...IGNORED, '--', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const matches = JSON.parse(run.stdout || '[]') as Match[];

    expect(files.map((file) => file.split('/').at(-1)).sort()).toEqual([
      'tuquan-account.template.json',
      'tuquan-lint-dev.template.json',
      'tuquan-lint-waf-waf.template.json',
      'tuquan-lint-waf.template.json',
      'tuquan-quang-ninh.template.json',
    ]);
    expect(
      matches.map(
        (m) =>
          `${m.Level} ${m.Rule.Id} ${m.Filename.split('/').at(-1)} ${m.Location.Path.join('/')}: ${m.Message}`,
      ),
    ).toEqual([]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
