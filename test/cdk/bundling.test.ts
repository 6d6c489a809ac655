import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, LAMBDA_ESBUILD_OPTIONS } from '../../infra/bundling';
import { Data } from '../../infra/constructs/data';
import { Functions } from '../../infra/constructs/functions';
import { httpEvent, lambdaContext } from '../support/events';
import { demoProvince, newApp, removeTempDirs } from './support';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The one CDK test that really bundles (with the local esbuild), to check what Lambda will run.
const app = newApp({});
const stack = new Stack(app, 'Bundling');
const functions = new Functions(stack, 'Functions', {
  data: new Data(stack, 'Data', { stage: 'dev' }),
  province: { ...demoProvince(), stage: 'dev' },
});
const health = functions.add('Health', { entry: 'health/health.handler.ts', table: [] });
const areas = functions.add('Areas', { entry: 'areas/list.handler.ts', table: ['GetItem', 'Query'] });
const template = Template.fromStack(stack);

function bundleDir(fn: typeof health): string {
  const resource = template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)];
  const key: string = resource.Properties.Code.S3Key;
  return join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

/** A map names its sources relative to its own folder: where they point. */
function sourcesOf(map: { sources: string[] }, dir: string): string[] {
  return map.sources.map((source) => resolve(dir, source));
}

afterAll(removeTempDirs);

describe('Functions bundling', () => {
  it('emits minified ESM (index.mjs) with the createRequire banner and a source map without the sources', () => {
    const dir = bundleDir(areas);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8'));

    expect({
      startsWithBanner: code.startsWith(ESM_REQUIRE_BANNER),
      linksItsMap: code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map'),
      // Minified code is a few very long lines (template literals keep their own newlines).
      minified: code.length / code.split('\n').length > 500,
      namesOurSources: sourcesOf(map, dir).includes(join(ROOT, 'functions/areas/list.handler.ts')),
      sourcesContent: map.sourcesContent,
    }).toEqual({
      startsWithBanner: true,
      linksItsMap: true,
      minified: true,
      namesOurSources: true,
      sourcesContent: undefined,
    });
  });

  it('is byte for byte the bundle the bench and the budgets make from infra/bundling.ts', async () => {
    const dir = bundleDir(areas);
    const out = await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: [join(ROOT, 'functions/areas/list.handler.ts')],
      // The same file name, so that the sourceMappingURL comment is the same too.
      outfile: join(dir, 'bench', 'index.mjs'),
      absWorkingDir: ROOT,
      write: false,
      logLevel: 'silent',
    });
    const text = (suffix: string) => out.outputFiles.find((f) => f.path.endsWith(suffix))?.text ?? '';
    const lambdaMap = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8'));
    const benchMap = JSON.parse(text('.mjs.map'));

    expect({
      code: text('.mjs'),
      map: { ...benchMap, sources: sourcesOf(benchMap, join(dir, 'bench')) },
    }).toEqual({
      code: readFileSync(join(dir, 'index.mjs'), 'utf8'),
      map: { ...lambdaMap, sources: sourcesOf(lambdaMap, dir) },
    });
  });

  it('keeps stack traces readable with --enable-source-maps: a failure at start-up names our file and line', async () => {
    // Built with the same options into node_modules/.cache, where the bundle finds the AWS SDK as on Lambda.
    const cache = join(ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'tuquan-trace-'));
    try {
      await build({
        ...LAMBDA_ESBUILD_OPTIONS,
        entryPoints: [join(ROOT, 'functions/areas/list.handler.ts')],
        outfile: join(dir, 'index.mjs'),
        absWorkingDir: ROOT,
        logLevel: 'silent',
      });
      // No TUQUAN_TABLE: the function refuses to start, at import (shared/config.ts reads the environment).
      const run = spawnSync(process.execPath, ['--enable-source-maps', join(dir, 'index.mjs')], {
        env: { PATH: process.env.PATH, AWS_REGION: 'ap-southeast-1' },
        encoding: 'utf8',
      });
      const frames = run.stderr.split('\n').filter((line) => line.trim().startsWith('at '));

      expect({
        status: run.status,
        message: run.stderr.includes('tuquan: missing or invalid environment: TUQUAN_TABLE'),
        top: frames[0]?.trim().replace(ROOT, ''),
      }).toEqual({
        status: 1,
        message: true,
        top: expect.stringMatching(/^at \w+ \(functions\/shared\/config\.ts:\d+:\d+\)$/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the AWS SDK out (the runtime provides it) and keeps the bundle small', () => {
    const dir = bundleDir(areas);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');

    expect(code).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(300 * 1024);
  });

  it('runs on Node as Lambda loads it: the bundled health handler answers 200', async () => {
    // The environment every function gets from the Functions construct (the public GET limit is the province's).
    process.env.TUQUAN_TABLE = 'tuquan-test';
    process.env.TUQUAN_PROVINCE = JSON.stringify(demoProvince());
    const module = await import(pathToFileURL(join(bundleDir(health), 'index.mjs')).href);

    const result = await module.handler(httpEvent({ path: '/api/health' }), lambdaContext);

    expect({ status: result.statusCode, body: JSON.parse(result.body) }).toEqual({
      status: 200,
      body: { ok: true },
    });
  });
});
