import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { ROUTES } from '../../functions/routes';
import { LAMBDA_ESBUILD_OPTIONS } from '../../infra/bundling';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const FUNCTIONS = join(ROOT, 'functions');

export interface HandlerEntry {
  /** Relative to functions/, e.g. 'reports/create.handler.ts'. */
  entry: string;
  /** What invokes it: the route, or the dispatcher's trigger. */
  trigger: string;
}

/**
 * Every Lambda handler: the HTTP routes, then every other `*.handler.ts` under functions/ (the
 * dispatcher's stream and sweep, the suggestion digest: functions the Notifications construct runs).
 */
export function handlerEntries(): HandlerEntry[] {
  const entries = new Map<string, string>();
  for (const route of ROUTES) {
    const trigger = `${route.method} ${route.path}`;
    const known = entries.get(route.entry);
    entries.set(route.entry, known ? `${known}, ${trigger}` : trigger);
  }
  for (const noun of readdirSync(FUNCTIONS, { withFileTypes: true })) {
    if (!noun.isDirectory()) continue;
    for (const name of readdirSync(join(FUNCTIONS, noun.name)).sort()) {
      const entry = `${noun.name}/${name}`;
      if (name.endsWith('.handler.ts') && !entries.has(entry)) {
        entries.set(
          entry,
          `${noun.name === 'dispatch' ? 'dispatcher' : 'scheduled'} (${name.split('.')[0]})`,
        );
      }
    }
  }
  return [...entries].map(([entry, trigger]) => ({ entry, trigger }));
}

export interface Bundle {
  entry: string;
  /** The output file's path relative to the outdir (…/x.handler.mjs). */
  file: string;
  bytes: number;
  /** Input files, relative to the repository root. */
  inputs: string[];
  /** Modules left for the runtime to provide (the AWS SDK, node:*), each once. */
  externals: string[];
  /** The bundle's text (when built in memory). */
  text?: string;
}

/**
 * Bundles the given entries (paths relative to the repository root) in ONE esbuild call, each
 * with everything it needs (no code splitting: one Lambda, one file), with the options the CDK
 * Functions construct gives NodejsFunction (both read them from infra/bundling.ts).
 */
export async function bundleEntries(
  entries: readonly string[],
  options: { outdir: string; write: boolean },
): Promise<{ bundles: Bundle[]; metafile: Metafile }> {
  const result = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    entryPoints: entries.map((e) => join(ROOT, e)),
    outdir: options.outdir,
    outbase: ROOT,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    write: options.write,
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  const texts = new Map(
    (result.outputFiles ?? []).map((f) => [relative(ROOT, f.path), f.text] as [string, string]),
  );
  const bundles: Bundle[] = [];
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint || !file.endsWith('.mjs')) continue;
    const text = texts.get(file);
    bundles.push({
      entry: output.entryPoint,
      file: relative(relative(ROOT, options.outdir) || '.', file),
      bytes: output.bytes,
      inputs: Object.keys(output.inputs),
      externals: [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))].sort(),
      ...(text !== undefined ? { text } : {}),
    });
  }
  return { bundles, metafile: result.metafile };
}

/** Bundles every handler in memory (for the budget tests) or to disk (for the import timings). */
export function bundleHandlers(options: { outdir: string; write: boolean }) {
  return bundleEntries(
    handlerEntries().map((h) => `functions/${h.entry}`),
    options,
  );
}

/**
 * zod's locales: `import * as z from 'zod'` brings English only (zod's default); the full namespace
 * of `import { z } from 'zod'` brings every language (about 440 KB).
 */
export const ZOD_LOCALES = /node_modules\/zod\/.*\/locales\/(?!en\.js$)[^/]+$/;

/** A Scan as the SDK exposes it. The SDK is external, so the name stays readable in a minified bundle. */
const SCAN_IN_BUNDLE = /\b(ScanCommand|paginateScan)\b/;
/** The same in our sources, or the raw operation name. ScanIndexForward is a Query option. */
const SCAN_IN_SOURCE = /\b(ScanCommand|paginateScan)\b|['"]Scan['"]/;

/** Where a bundle reaches a Scan: its own text (needs an in-memory build) and its sources under the repository. */
export function scanUses(bundle: Bundle, read: (path: string) => string): string[] {
  const found: string[] = [];
  if (bundle.text !== undefined && SCAN_IN_BUNDLE.test(bundle.text))
    found.push(`${bundle.file} (bundle text)`);
  for (const input of bundle.inputs)
    if (!input.includes('node_modules/') && SCAN_IN_SOURCE.test(read(input))) found.push(input);
  return found;
}
