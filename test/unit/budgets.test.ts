import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Bundle,
  bundleHandlers,
  handlerEntries,
  LAMBDA_BUNDLE_OPTIONS,
  ROOT,
  scanUses,
  ZOD_LOCALES,
} from '../bench/bundles';

/**
 * The deterministic budgets of the Lambda bundles (issue 10): what `npm run bench` reports as
 * figures, checked here as limits. All handlers are bundled in one esbuild call, in memory, with the
 * options the CDK Functions construct uses.
 */
const BUNDLE_BUDGET = 150 * 1024;

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

let bundles: Bundle[];

beforeAll(async () => {
  ({ bundles } = await bundleHandlers({ outdir: join(tmpdir(), 'tuquan-budgets'), write: false }));
}, 60_000);

/** Bundles a few lines of code the way a handler is bundled. */
async function bundleSnippet(code: string): Promise<Bundle> {
  const out = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
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

  it('reaches no Scan from any handler, neither the SDK command nor the operation name', () => {
    const scans = bundles.flatMap((b) => scanUses(b, read).map((use) => `${b.entry} → ${use}`));

    expect(scans).toEqual([]);
  });
});

describe('the budget checks themselves', () => {
  it('bundle with the options the CDK Functions construct gives NodejsFunction (kept in step by hand)', () => {
    // Read as text: importing the construct would load aws-cdk-lib into a unit test.
    const construct = read('infra/constructs/functions.ts');
    const bannerText = /ESM_REQUIRE_BANNER =\s*"([^"]+)"/.exec(construct)?.[1];
    const bundling = /bundling: \{([\s\S]*?)\n\s*\},/.exec(construct)?.[1] ?? '';
    const options = Object.fromEntries(
      [...bundling.matchAll(/^\s*(\w+): (.+),$/gm)].map((m) => [m[1], m[2]] as [string, string]),
    );

    expect({ bannerText, ...options }).toEqual({
      bannerText: LAMBDA_BUNDLE_OPTIONS.banner.js,
      forceDockerBundling: 'false',
      format: 'OutputFormat.ESM',
      mainFields: `['${LAMBDA_BUNDLE_OPTIONS.mainFields.join("', '")}']`,
      target: `'${LAMBDA_BUNDLE_OPTIONS.target}'`,
      minify: String(LAMBDA_BUNDLE_OPTIONS.minify),
      sourceMap: String(LAMBDA_BUNDLE_OPTIONS.sourcemap),
      banner: 'ESM_REQUIRE_BANNER',
      externalModules: `['${LAMBDA_BUNDLE_OPTIONS.external.join("', '")}']`,
      // The repository's tsconfig.json, as LAMBDA_BUNDLE_OPTIONS.tsconfig.
      tsconfig: expect.stringContaining('tsconfig.json'),
    });
  });

  it("see zod's locales in a bundle that imports { z } from 'zod'", async () => {
    const bundle = await bundleSnippet("import { z } from 'zod';\nexport const s = z.string();\n");

    expect(bundle.inputs.some((i) => ZOD_LOCALES.test(i))).toBe(true);
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
