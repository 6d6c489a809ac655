import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE, LAMBDA_ESBUILD_OPTIONS, lambdaBundling } from '../../infra/bundling';
import { type Bundle, bundleHandlers, handlerEntries, ROOT, scanUses, ZOD_LOCALES } from '../bench/bundles';

/**
 * The deterministic budgets of the Lambda bundles (issue 10): what `npm run bench` reports as
 * figures, checked here as limits. All handlers are bundled in one esbuild call, in memory, with the
 * options the CDK Functions construct uses (infra/bundling.ts).
 */
const BUNDLE_BUDGET = 150 * 1024;

/**
 * Handlers whose schemas are all zod/mini: classic zod (about 60 KB, and 7-10 ms of every cold start)
 * stays out of their bundles (ADR 0012).
 */
const WITHOUT_CLASSIC_ZOD = [
  'abuse/challenge.handler.ts',
  'ack/acknowledge.handler.ts',
  'ack/show.handler.ts',
  'areas/list.handler.ts',
  'cases/case.handler.ts',
  'cases/inbox.handler.ts',
  'cases/on-duty.handler.ts',
  'cases/shifts.handler.ts',
  'cases/status.handler.ts',
  'categories/list.handler.ts',
  'contacts/lookup.handler.ts',
  'dispatch/escalate.handler.ts',
  'dispatch/stream.handler.ts',
  'follow-up/follow-up.handler.ts',
  'forms/report.handler.ts',
  'forms/suggestion.handler.ts',
  'health/health.handler.ts',
  'officers/me.handler.ts',
  'reports/create.handler.ts',
  'stats/stats.handler.ts',
  'suggestions/box.handler.ts',
  'suggestions/boxes.handler.ts',
  'suggestions/create.handler.ts',
  'suggestions/digest.handler.ts',
  'suggestions/hide.handler.ts',
  'suggestions/officer-list.handler.ts',
  'suggestions/opening.handler.ts',
  'suggestions/read.handler.ts',
  'suggestions/reply.handler.ts',
];

const CLASSIC_ZOD = /node_modules\/zod\/v4\/classic\//;

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

let bundles: Bundle[];

beforeAll(async () => {
  ({ bundles } = await bundleHandlers({ outdir: join(tmpdir(), 'tuquan-budgets'), write: false }));
}, 60_000);

/** Bundles a few lines of code the way a handler is bundled. */
async function bundleSnippet(code: string): Promise<Bundle> {
  const out = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    stdin: { contents: code, resolveDir: ROOT, loader: 'ts', sourcefile: 'snippet.ts' },
    outfile: join(tmpdir(), 'tuquan-budgets', 'snippet.mjs'),
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const [path, output] = Object.entries(out.metafile.outputs).find(([f]) => f.endsWith('.mjs')) ?? [];
  const text = out.outputFiles.find((f) => f.path.endsWith('.mjs'))?.text ?? '';
  if (!path || !output) throw new Error('no bundle');
  return {
    entry: 'snippet.ts',
    file: 'snippet.mjs',
    bytes: output.bytes,
    // The snippet itself is stdin, not a file to read.
    inputs: Object.keys(output.inputs).filter((i) => i !== 'snippet.ts'),
    externals: [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))],
    text,
  };
}

describe('Lambda bundle budgets', () => {
  it('bundles every route handler and the dispatcher handlers', () => {
    const bundled = bundles.map((b) => b.entry.replace(/^functions\//, '')).sort();

    expect(bundled).toEqual(
      handlerEntries()
        .map((h) => h.entry)
        .sort(),
    );
  });

  it('keeps every handler bundle within 150 KB minified, the AWS SDK left to the runtime', () => {
    const over = bundles.filter((b) => b.bytes > BUNDLE_BUDGET).map((b) => `${b.entry}: ${b.bytes} bytes`);

    expect(over).toEqual([]);
  });

  it("leaves zod's locales out of every handler (no `import { z } from 'zod'`)", () => {
    const withLocales = bundles.filter((b) => b.inputs.some((i) => ZOD_LOCALES.test(i))).map((b) => b.entry);

    expect(withLocales).toEqual([]);
  });

  it('leaves classic zod out of the handlers whose schemas are all zod/mini', () => {
    const withClassic = bundles
      .filter((b) => b.inputs.some((i) => CLASSIC_ZOD.test(i)))
      .map((b) => b.entry.replace(/^functions\//, ''));

    expect(WITHOUT_CLASSIC_ZOD.filter((entry) => withClassic.includes(entry))).toEqual([]);
  });

  it('reaches no Scan from any handler, neither the SDK command nor the operation name', () => {
    const scans = bundles.flatMap((b) => scanUses(b, read).map((use) => `${b.entry} → ${use}`));

    expect(scans).toEqual([]);
  });
});

describe('the budget checks themselves', () => {
  it('bundle with every option of infra/bundling.ts, as the CDK Functions construct hands them to NodejsFunction', () => {
    // test/cdk/bundling.test.ts compares the two bundles byte for byte; this names each option.
    const cdk = lambdaBundling();

    expect({
      esbuild: {
        format: LAMBDA_ESBUILD_OPTIONS.format,
        target: LAMBDA_ESBUILD_OPTIONS.target,
        minify: LAMBDA_ESBUILD_OPTIONS.minify,
        sourcemap: LAMBDA_ESBUILD_OPTIONS.sourcemap,
        sourcesContent: LAMBDA_ESBUILD_OPTIONS.sourcesContent,
        mainFields: LAMBDA_ESBUILD_OPTIONS.mainFields,
        external: LAMBDA_ESBUILD_OPTIONS.external,
        banner: LAMBDA_ESBUILD_OPTIONS.banner.js,
        tsconfig: LAMBDA_ESBUILD_OPTIONS.tsconfig,
      },
      cdk: {
        format: cdk.format,
        target: cdk.target,
        minify: cdk.minify,
        sourcemap: cdk.sourceMap,
        sourcesContent: cdk.sourcesContent,
        mainFields: cdk.mainFields,
        external: cdk.externalModules,
        banner: cdk.banner,
        tsconfig: cdk.tsconfig,
        local: !cdk.forceDockerBundling,
      },
    }).toEqual({
      esbuild: { ...LAMBDA_BUNDLE },
      cdk: { ...LAMBDA_BUNDLE, local: true },
    });
  });

  it("see zod's locales in a bundle that imports { z } from 'zod'", async () => {
    const bundle = await bundleSnippet("import { z } from 'zod';\nexport const s = z.string();\n");

    expect(bundle.inputs.some((i) => ZOD_LOCALES.test(i))).toBe(true);
  });

  it('see classic zod in a bundle that uses a classic schema, and not in one that uses zod/mini only', async () => {
    const classic = await bundleSnippet(
      "import * as z from 'zod';\nexport const ok = z.string().safeParse('QN').success;\n",
    );
    const mini = await bundleSnippet(
      "import { AreaCode } from './functions/areas/model';\nimport { safeParse } from 'zod/mini';\nexport const ok = safeParse(AreaCode, 'QN').success;\n",
    );

    expect({
      classic: classic.inputs.some((i) => CLASSIC_ZOD.test(i)),
      mini: mini.inputs.some((i) => CLASSIC_ZOD.test(i)),
    }).toEqual({ classic: true, mini: false });
  });

  it('see a ScanCommand imported from the SDK, and not a Query with ScanIndexForward', async () => {
    const scan = await bundleSnippet(
      "import { ScanCommand } from '@aws-sdk/lib-dynamodb';\nexport const c = new ScanCommand({ TableName: 't' });\n",
    );
    const query = await bundleSnippet(
      "import { QueryCommand } from '@aws-sdk/lib-dynamodb';\nexport const c = new QueryCommand({ TableName: 't', ScanIndexForward: false });\n",
    );

    expect({ scan: scanUses(scan, read), query: scanUses(query, read) }).toEqual({
      scan: ['snippet.mjs (bundle text)'],
      query: [],
    });
  });
});
