import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, App, CrossStackReferences, ReferenceStrength, Validations } from 'aws-cdk-lib';
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

/**
 * The host CloudFront gives a distribution: `d` and 13 letters or digits, then `.cloudfront.net`.
 * Without a custom domain a province's site and API are served there only.
 */
const CLOUDFRONT_HOST = /^d[a-z0-9]{12,14}\.cloudfront\.net$/;

/**
 * The `baseUrl` of a prod province without `domain` before its first deploy, when CloudFront has not
 * yet given the distribution its address. Synth warns while it is set: no SMS link and no officer
 * sign-in works until baseUrl holds the stack's SiteUrl and the stack is deployed again.
 */
export const FIRST_DEPLOY_BASE_URL = 'https://d0000000000000.cloudfront.net';

/**
 * A prod province's `baseUrl` must be served by its own distribution, since SMS links, the sign-in
 * callback and the site's config are built from it: with `domain`, its host is `domain.name` (Site
 * checks that); without, it can only be the distribution's CloudFront address (the stack's SiteUrl
 * output), or FIRST_DEPLOY_BASE_URL until there is one. A dev province may point anywhere.
 */
export function checkServedBaseUrl(province: Province, file: string): void {
  if (province.stage !== 'prod' || province.domain) return;
  const url = new URL(province.baseUrl);
  if (url.protocol === 'https:' && CLOUDFRONT_HOST.test(url.host)) return;
  throw new Error(
    `Invalid province config ${file}:\n  - baseUrl: "${province.baseUrl}" is not served by this prod stack: ` +
      'without `domain` its site is reached only at its CloudFront address. Either add "domain": ' +
      `{"name": "${url.host}", "certificateArn": "arn:aws:acm:us-east-1:…"} (its certificate in us-east-1), ` +
      "or set baseUrl to the stack's SiteUrl output (https://dXXXXXXXXXXXXX.cloudfront.net), or to " +
      `${FIRST_DEPLOY_BASE_URL} before the first deploy (docs/deploy.md).`,
  );
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
    checkServedBaseUrl(province, join(dir, `${id}.json`));
    const props = {
      province,
      siteDir: options.siteDir,
      routes: options.routes,
      smsMonthlyBudgetUsd: options.smsMonthlyBudgetUsd,
    };
    if (!province.waf?.enabled) return warnOfFirstDeploy(new TuquanStack(app, stackName(id), props));
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
    // Strong on purpose, whatever cdk.json's default (weak): the WAF stack cannot replace or drop the
    // WebACL while the distribution uses it (an export writer in us-east-1, a reader in the province).
    CrossStackReferences.of(waf.webAcl).produce(ReferenceStrength.STRONG);
    const stack = new TuquanStack(app, stackName(id), {
      ...props,
      env: { region },
      crossRegionReferences: true,
      webAclArn: waf.webAcl.attrArn,
    });
    warnOfFirstDeploy(stack);
    Annotations.of(stack).acknowledgeWarning(
      '@aws-cdk/core:crossStackReferencesDefaultStrong',
      'Strong on purpose (CrossStackReferences above): the WAF stack cannot replace or drop the WebACL while the distribution uses it.',
    );
    return stack;
  });
  // cdk-nag 3 checks through CDK's validation plugins (not Aspects): a violation that is not
  // acknowledged with a reason fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}

function warnOfFirstDeploy(stack: TuquanStack): TuquanStack {
  if (stack.province.baseUrl === FIRST_DEPLOY_BASE_URL) {
    Annotations.of(stack).addWarningV2(
      'tuquan:firstDeployBaseUrl',
      `baseUrl is ${FIRST_DEPLOY_BASE_URL}: SMS links and officer sign-in will not work. After this deploy, ` +
        'set baseUrl to the SiteUrl output and deploy again.',
    );
  }
  return stack;
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
