import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { Data } from '../../infra/constructs/data';
import { ESM_REQUIRE_BANNER, Functions } from '../../infra/constructs/functions';
import { httpEvent, lambdaContext } from '../support/events';
import { demoProvince, newApp, removeTempDirs } from './support';

// The one CDK test that really bundles (with the local esbuild), to check what Lambda will run.
const app = newApp({});
const stack = new Stack(app, 'Bundling');
const functions = new Functions(stack, 'Functions', {
  data: new Data(stack, 'Data', { stage: 'dev' }),
  province: { ...demoProvince(), stage: 'dev' },
});
const health = functions.add('Health', { entry: 'health/health.handler.ts', table: 'none' });
const areas = functions.add('Areas', { entry: 'areas/list.handler.ts', table: 'read' });
const template = Template.fromStack(stack);

function bundleDir(fn: typeof health): string {
  const resource = template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)];
  const key: string = resource.Properties.Code.S3Key;
  return join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

afterAll(removeTempDirs);

describe('Functions bundling', () => {
  it('emits minified ESM (index.mjs) with the createRequire banner and a source map', () => {
    const dir = bundleDir(areas);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');

    expect({
      startsWithBanner: code.startsWith(ESM_REQUIRE_BANNER),
      sourceMap: existsSync(join(dir, 'index.mjs.map')),
      // Minified code is a few very long lines (template literals keep their own newlines).
      minified: code.length / code.split('\n').length > 500,
    }).toEqual({ startsWithBanner: true, sourceMap: true, minified: true });
  });

  it('leaves the AWS SDK out (the runtime provides it) and keeps the bundle small', () => {
    const dir = bundleDir(areas);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');

    expect(code).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(300 * 1024);
  });

  it('runs on Node as Lambda loads it: the bundled health handler answers 200', async () => {
    const module = await import(pathToFileURL(join(bundleDir(health), 'index.mjs')).href);

    const result = await module.handler(httpEvent({ path: '/api/health' }), lambdaContext);

    expect({ status: result.statusCode, body: JSON.parse(result.body) }).toEqual({
      status: 200,
      body: { ok: true },
    });
  });
});
