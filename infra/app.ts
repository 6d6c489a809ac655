import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { RouteDef } from '../functions/routes';
import { type Province, parseProvince } from '../functions/shared/province';
import { SmsSettingsStack, smsSettingsFromContext } from './account/sms-settings';
import { WafStack } from './constructs/waf';
import { TuquanStack } from './stack';

/** `infra/provinces/<id>.json`: one file per province, its `id` equal to the file name. */
export const PROVINCES_DIR = fileURLToPath(new URL('./provinces/', import.meta.url));

const PROVINCE_ID = /^[a-z][a-z0-9-]{1,40}$/;

export function stackName(provinceId: string): string {
  return `tuquan-${provinceId}`;
}

export function provinceIds(dir = PROVINCES_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

/** Reads and validates one province; every error names the file and the field. */
export function loadProvince(id: string, dir = PROVINCES_DIR): Province {
  if (!PROVINCE_ID.test(id)) {
    throw new Error(
      `Province "${id}": an id is lowercase letters, digits and dashes (the file name without .json)`,
    );
  }
  const file = join(dir, `${id}.json`);
  if (!existsSync(file)) {
    throw new Error(
      `No province "${id}": ${file} does not exist (known: ${provinceIds(dir).join(', ') || 'none'})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Invalid province config ${file}: not JSON (${(error as Error).message})`);
  }
  const province = parseProvince(raw, file);
  if (province.id !== id) {
    throw new Error(
      `Invalid province config ${file}:\n  - id: "${province.id}" must equal the file name "${id}"`,
    );
  }
  return province;
}

export interface BuildOptions {
  /** One province id (`-c province=<id>`); every province in `provincesDir` when absent. */
  readonly province?: string;
  /** @default infra/provinces */
  readonly provincesDir?: string;
  /** Passed to each stack; tests hand in a small fixture instead of site/dist. */
  readonly siteDir?: string;
  /** Passed to each stack; tests hand in synthetic routes. */
  readonly routes?: readonly RouteDef[];
  /**
   * The region of a province whose `waf.enabled` is true: its WAF lives in us-east-1 and reaches
   * CloudFront through a cross-region reference, which needs both regions known at synth.
   * @default CDK_DEFAULT_REGION (set by the CDK CLI from the profile), else AWS_REGION
   */
  readonly region?: string;
  /**
   * The monthly SMS budget (USD) behind each stack's spend alarm (`-c smsMonthlyBudgetUsd=…`).
   * @default Notifications' default: the province's daily cap × estimated price × 31
   */
  readonly smsMonthlyBudgetUsd?: number;
}

/** Adds one stack per province to `app`, and cdk-nag's AWS Solutions checks, run at synth. */
export function buildApp(app: App, options: BuildOptions = {}): TuquanStack[] {
  const dir = options.provincesDir ?? PROVINCES_DIR;
  const ids = options.province ? [options.province] : provinceIds(dir);
  if (ids.length === 0) throw new Error(`No province config in ${dir}`);
  const stacks = ids.map((id) => {
    const province = loadProvince(id, dir);
    const props = {
      province,
      siteDir: options.siteDir,
      routes: options.routes,
      smsMonthlyBudgetUsd: options.smsMonthlyBudgetUsd,
    };
    if (!province.waf?.enabled) return new TuquanStack(app, stackName(id), props);
    const region = options.region ?? process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION;
    if (!region) {
      throw new Error(
        `Province ${id}: waf.enabled puts its WAF in us-east-1, which CloudFront takes across regions, so ` +
          "synth needs this stack's region: set AWS_REGION (or use a profile with a region)",
      );
    }
    const waf = new WafStack(app, `${stackName(id)}-waf`, {
      province,
      env: { region: 'us-east-1' },
      crossRegionReferences: true,
    });
    const stack = new TuquanStack(app, stackName(id), {
      ...props,
      env: { region },
      crossRegionReferences: true,
      webAclArn: waf.webAcl.attrArn,
    });
    Annotations.of(stack).acknowledgeWarning(
      '@aws-cdk/core:crossStackReferencesDefaultStrong',
      'Strong on purpose: the WAF stack cannot replace or drop the WebACL while the distribution uses it.',
    );
    return stack;
  });
  // cdk-nag 3 checks through CDK's validation plugins (not Aspects): a violation that is not
  // acknowledged with a reason fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}

/** The name of the optional account-level stack (`-c account=true`). */
export const ACCOUNT_STACK = 'tuquan-account';

/**
 * `-c account=true`: only the account-level stack (SNS SMS settings shared by every province in the
 * account and region), its settings from `-c smsMonthlySpendLimitUsd=… [-c smsDefaultSenderId=…]`.
 */
export function buildAccountApp(app: App): SmsSettingsStack {
  const settings = smsSettingsFromContext((key) => app.node.tryGetContext(key));
  const stack = new SmsSettingsStack(app, ACCOUNT_STACK, { settings });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

/** `-c smsMonthlyBudgetUsd=N`: a positive number of USD, or nothing for the default. */
export function budgetFromContext(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const budget = Number(value);
  if (!Number.isFinite(budget) || budget <= 0) {
    throw new Error(`-c smsMonthlyBudgetUsd: a positive number of USD, not "${String(value)}"`);
  }
  return budget;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const app = new App();
  const province: unknown = app.node.tryGetContext('province');
  const account: unknown = app.node.tryGetContext('account');
  try {
    if (account === true || account === 'true') buildAccountApp(app);
    else
      buildApp(app, {
        province: typeof province === 'string' && province !== '' ? province : undefined,
        smsMonthlyBudgetUsd: budgetFromContext(app.node.tryGetContext('smsMonthlyBudgetUsd')),
      });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  app.synth();
}
