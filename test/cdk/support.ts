import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RouteDef } from '../../functions/routes';
import { type Province, parseProvince } from '../../functions/shared/province';
import { buildApp, PROVINCES_DIR } from '../../infra/app';
import type { TuquanStack } from '../../infra/stack';

/** A one-page stand-in for site/dist, so CDK tests never need an astro build. */
export const SITE_FIXTURE = fileURLToPath(new URL('./fixtures/site', import.meta.url));

/** Skips esbuild bundling: template assertions do not need the bundles (1.2 s instead of 3.4 s a synth). */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes the cloud assemblies and province folders this test file made (call it in afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** cdk.json's context (the feature flags `cdk synth` runs with), which every test app starts from. */
const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../cdk.json', import.meta.url)), 'utf8'),
).context;

/**
 * An app as `cdk synth` makes it (cdk.json's context, then `context` on top) that synthesizes into a
 * temporary folder removed by `removeTempDirs`. CDK's built-in CloudFormation schema validation
 * (about 5 s to load, 1 s a synth) runs only where a test asks for it: the whole-app test in
 * provinces.test.ts, as `cdk synth` does. cdk-nag always runs.
 */
export function newApp(context: Record<string, unknown> = NO_BUNDLING, cfnValidation = false): App {
  return new App({
    outdir: tempDir('tuquan-cdk-'),
    context: { ...CDK_JSON_CONTEXT, ...context },
    builtinCloudFormationValidation: cfnValidation,
  });
}

/** The demo province's config as the functions see it (defaults filled in), a base for test provinces. */
export function demoProvince(): Province {
  const file = join(PROVINCES_DIR, 'quang-ninh.json');
  return parseProvince(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Writes province configs (file name = id) into a fresh temporary folder and returns it. */
export function provincesDir(configs: readonly Record<string, unknown>[]): string {
  const dir = tempDir('tuquan-provinces-');
  for (const config of configs) writeFileSync(join(dir, `${String(config.id)}.json`), JSON.stringify(config));
  return dir;
}

export interface Synthesized {
  app: App;
  stack: TuquanStack;
  template: Template;
  /** Resolves a construct's token (a Ref, a GetAtt) the way it appears in the template. */
  resolve(value: unknown): unknown;
}

/** Synthesizes one province stack (without bundling) through the real app entry, cdk-nag included. */
export function synthProvince(
  province: Province,
  options: {
    routes?: readonly RouteDef[];
    context?: Record<string, unknown>;
    /** Runs on the stack before it is synthesized, e.g. to hook an alarm in as a later construct would. */
    extend?: (stack: TuquanStack) => void;
    /** The built site to deploy; a small fixture without a province mark unless told. */
    siteDir?: string;
  } = {},
): Synthesized {
  const app = newApp({ ...NO_BUNDLING, ...options.context });
  const [stack] = buildApp(app, {
    province: province.id,
    provincesDir: provincesDir([province]),
    siteDir: options.siteDir ?? SITE_FIXTURE,
    routes: options.routes,
  });
  if (!stack) throw new Error('buildApp made no stack');
  options.extend?.(stack);
  const template = Template.fromStack(stack);
  return { app, stack, template, resolve: (value) => Stack.of(stack).resolve(value) };
}

/** A resource of the template as CloudFormation sees it (Type, Properties, DeletionPolicy, ...). */
export type Resource = ReturnType<Template['findResources']>[string];

/** The template's only resource of `type`; fails when there are none or several. */
export function one(s: Synthesized, type: string): Resource {
  const found = Object.values(s.template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as Resource;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
}

/** The statements of the policy attached to a function's role, as synthesized (none when it has no policy). */
export function statementsOf(s: Synthesized, fn: NodejsFunction): PolicyStatement[] {
  const policy = fn.role?.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (!policy) return [];
  return s.template.toJSON().Resources[s.stack.getLogicalId(policy as never)].Properties.PolicyDocument
    .Statement;
}

/** The HTTP API's routes as synthesized: each route key and its authorization type. */
export function apiRoutes(s: Synthesized): { RouteKey: string; AuthorizationType: string }[] {
  return Object.values(s.template.findResources('AWS::ApiGatewayV2::Route')).map(
    (r) => r.Properties as { RouteKey: string; AuthorizationType: string },
  );
}
