import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE_DIST = join(ROOT, 'site', 'dist');
const STAMP = join(SITE_DIST, '.build-stamp');

/**
 * What the built site depends on: its own sources, and functions/, whose schemas, form fields and
 * words the pages import at build time (walking it takes a few milliseconds).
 */
const SOURCES = [
  join(ROOT, 'site', 'src'),
  join(ROOT, 'site', 'public'),
  join(ROOT, 'site', 'astro.config.mjs'),
  join(ROOT, 'functions'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when site/dist is missing or older than any of its sources. */
export function siteIsStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(SITE_DIST, 'index.html'))) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

export async function buildSite(outDir = SITE_DIST): Promise<void> {
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
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`astro build failed (exit ${code})`)),
    );
  });
  if (outDir === SITE_DIST) writeFileSync(STAMP, new Date().toISOString());
}

/** Builds the site when it is missing or stale; the local runtime and `npm run synth` call this. */
export async function ensureSiteBuilt(
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<boolean> {
  if (!options.force && !siteIsStale()) return false;
  options.log?.('Building the site (astro build)…');
  await buildSite();
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  ensureSiteBuilt({ force, log: (line) => console.log(line) })
    .then((built) => console.log(built ? `Site built in ${SITE_DIST}` : 'Site is up to date.'))
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
