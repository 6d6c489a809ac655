import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE_DIST = join(ROOT, 'site', 'dist');
const STAMP = join(SITE_DIST, '.build-stamp');
/** A built site names its province (site/src/province.ts): this file in it says which. */
export const PROVINCE_MARK = '.province';
/** The province `npm start` serves and a plain `npm run build` names. */
export const DEFAULT_SITE_PROVINCE = 'quang-ninh';

/**
 * What the built site depends on: its own sources, and functions/, whose schemas, form fields and
 * words the pages import at build time (walking it takes a few milliseconds).
 */
const SOURCES = [
  join(ROOT, 'site', 'src'),
  join(ROOT, 'site', 'public'),
  join(ROOT, 'site', 'astro.config.mjs'),
  join(ROOT, 'site', 'offline-build.mjs'),
  join(ROOT, 'functions'),
  join(ROOT, 'infra', 'provinces'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The province a built site names, or undefined when the folder holds no build of ours. */
export function builtProvince(dir: string): string | undefined {
  const mark = join(dir, PROVINCE_MARK);
  return existsSync(mark) ? readFileSync(mark, 'utf8').trim() : undefined;
}

/** True when site/dist is missing, built for another province, or older than any of its sources. */
export function siteIsStale(province = DEFAULT_SITE_PROVINCE): boolean {
  if (!existsSync(STAMP) || !existsSync(join(SITE_DIST, 'index.html'))) return true;
  if (builtProvince(SITE_DIST) !== province) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

/** Builds the site for one province (its name is in the pages) into `outDir`, marked with its id. */
export async function buildSite(outDir = SITE_DIST, province = DEFAULT_SITE_PROVINCE): Promise<void> {
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'astro', 'astro.js'),
        'build',
        '--root',
        join(ROOT, 'site'),
        '--outDir',
        outDir,
        '--silent',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', TUQUAN_SITE_PROVINCE: province },
      },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`astro build failed (exit ${code})`)),
    );
  });
  writeFileSync(join(outDir, PROVINCE_MARK), `${province}\n`);
  if (outDir === SITE_DIST) writeFileSync(STAMP, new Date().toISOString());
}

/** Builds the site when it is missing or stale; the local runtime and `npm run synth` call this. */
export async function ensureSiteBuilt(
  options: { force?: boolean; province?: string; log?: (line: string) => void } = {},
): Promise<boolean> {
  const province = options.province ?? DEFAULT_SITE_PROVINCE;
  if (!options.force && !siteIsStale(province)) return false;
  options.log?.(`Building the site for ${province} (astro build)…`);
  await buildSite(SITE_DIST, province);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const at = process.argv.indexOf('--province');
  const province = at > 0 ? process.argv[at + 1] : undefined;
  ensureSiteBuilt({ force, ...(province ? { province } : {}), log: (line) => console.log(line) })
    .then((built) => console.log(built ? `Site built in ${SITE_DIST}` : 'Site is up to date.'))
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
