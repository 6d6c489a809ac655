import { fileURLToPath } from 'node:url';
import type { BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * How a Lambda handler is bundled, in one place: the CDK Functions construct hands it to
 * NodejsFunction (`lambdaBundling()`), the bench and the budget tests to esbuild's API
 * (`LAMBDA_ESBUILD_OPTIONS`), so what is measured is what Lambda runs. Type-only imports: the bench
 * must not load aws-cdk-lib, nor the CDK app esbuild.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Lets an ESM bundle call `require` for the CommonJS modules esbuild leaves in it (the AWS SDK's
 * `node:https` and friends would otherwise fail with "Dynamic require").
 */
export const ESM_REQUIRE_BANNER =
  "import{createRequire}from'module';const require=createRequire(import.meta.url);";

/** The options, named as esbuild names them. */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: 'node22',
  minify: true,
  /** A linked `.map` next to the bundle: Lambda runs with --enable-source-maps, so stack traces name our files and lines. */
  sourcemap: true,
  /**
   * Without the sources' text: a trace needs only file, line and names. The text made the map 3–4
   * times larger (about 550 KB instead of 180 KB), and Node reads and parses the whole map when it
   * loads the bundle — a few milliseconds of every cold start.
   */
  sourcesContent: false,
  /** zod's ESM build, which esbuild can tree-shake. */
  mainFields: ['module', 'main'],
  /** The runtime provides the AWS SDK v3; leaving it out keeps bundles near 100 KB. */
  external: ['@aws-sdk/*'],
  banner: ESM_REQUIRE_BANNER,
  tsconfig: `${ROOT}tsconfig.json`,
} as const;

/** For esbuild's `build()`: the bench and the budget tests. */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: LAMBDA_BUNDLE.format,
  target: LAMBDA_BUNDLE.target,
  minify: LAMBDA_BUNDLE.minify,
  sourcemap: LAMBDA_BUNDLE.sourcemap,
  sourcesContent: LAMBDA_BUNDLE.sourcesContent,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  external: [...LAMBDA_BUNDLE.external],
  banner: { js: LAMBDA_BUNDLE.banner },
  tsconfig: LAMBDA_BUNDLE.tsconfig,
} as const satisfies BuildOptions;

/**
 * For NodejsFunction, which runs `esbuild --bundle --platform=node` with these (and its own
 * `--outfile=index.mjs`). Always the local esbuild: the one the bench measures.
 */
export function lambdaBundling(): BundlingOptions {
  return {
    forceDockerBundling: false,
    // OutputFormat.ESM is the string 'esm'; naming the enum's value keeps aws-cdk-lib out of the bench.
    format: LAMBDA_BUNDLE.format as OutputFormat,
    target: LAMBDA_BUNDLE.target,
    minify: LAMBDA_BUNDLE.minify,
    sourceMap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    externalModules: [...LAMBDA_BUNDLE.external],
    banner: LAMBDA_BUNDLE.banner,
    tsconfig: LAMBDA_BUNDLE.tsconfig,
  };
}
