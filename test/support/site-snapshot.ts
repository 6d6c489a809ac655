import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * A copy of site/dist as the local stack built it. The stack serves the shared site/dist, which any
 * other `npm start`, e2e run or synth on the machine rebuilds in place when functions/ has changed
 * (pages 404 for the seconds astro takes): browser tests serve the site's files from this copy, taken
 * once the build has settled and `mustHave` (a file of the build) is in it.
 */
export async function snapshotSite(mustHave = 'index.html'): Promise<string> {
  const dist = join(ROOT, 'site', 'dist');
  const stamp = () =>
    existsSync(join(dist, '.build-stamp')) ? statSync(join(dist, '.build-stamp')).mtimeMs : 0;
  for (let attempt = 0; attempt < 120; attempt++) {
    const built = stamp();
    if (built) {
      const copy = mkdtempSync(join(tmpdir(), 'tuquan-e2e-site-'));
      try {
        cpSync(dist, copy, { recursive: true });
        if (stamp() === built && existsSync(join(copy, mustHave))) return copy;
      } catch {
        // astro removed a file while it was being copied
      }
      rmSync(copy, { recursive: true, force: true });
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('site/dist did not settle in 60 s');
}
