import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES } from '../../functions/routes';
import { bundleEntries, handlerEntries, ROOT } from './bundles';
import { kb, median, ms, progress, ratio } from './stats';
import { BENCH_PROVINCE_FILE } from './system';
import { goalMet, type Row } from './table';

const BUNDLE_GOAL = 150 * 1024;
const IMPORT_GOAL = 1.2;
const BASELINE_ENTRY = 'test/bench/sdk-baseline.ts';

/**
 * Imports one bundle in this fresh process and prints how long the import took, and whether
 * anything tried to open a connection meanwhile (importing must not call the network).
 */
const MEASURE = `
import net from 'node:net';
import { pathToFileURL } from 'node:url';
let connects = 0;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { connects++; return connect.apply(this, args); };
const started = performance.now();
await import(pathToFileURL(process.argv[2]).href);
const took = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 20));
process.stdout.write(JSON.stringify({ ms: took, connects }));
process.exit(0);
`;

/** What Lambda hands every function (infra/constructs/functions.ts), with a store that need not answer. */
function lambdaEnv(secret: boolean): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TUQUAN_TABLE: 'tuquan-bench',
    TUQUAN_PROVINCE: readFileSync(BENCH_PROVINCE_FILE, 'utf8'),
    // Port 9 (discard): nothing listens, and nothing may be asked at import anyway.
    TUQUAN_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    ...(secret
      ? { TUQUAN_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:bench' }
      : {}),
  };
}

function importOnce(measure: string, file: string, env: NodeJS.ProcessEnv): { ms: number; connects: number } {
  // --enable-source-maps as the Functions construct sets it (NODE_OPTIONS): Node then reads the map at load.
  const out = spawnSync(process.execPath, ['--enable-source-maps', measure, file], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (out.status !== 0) throw new Error(`importing ${file} failed:\n${out.stderr}`);
  return JSON.parse(out.stdout) as { ms: number; connects: number };
}

export async function benchBundles(options: { runs: number }): Promise<Row[]> {
  const handlers = handlerEntries();
  // Inside node_modules/.cache, so that the bundles find the AWS SDK as they would on Lambda.
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'tuquan-bench-'));
  try {
    progress(`bundling ${handlers.length} handlers and the SDK baseline (one esbuild call)`);
    const entries = [...handlers.map((h) => `functions/${h.entry}`), BASELINE_ENTRY];
    const failures = new Map<string, string>();
    const bundles = await bundleEntries(entries, { outdir, write: true })
      .then((out) => out.bundles)
      .catch(async () => {
        // One broken handler (someone's work in progress) must not hide the others: one by one.
        progress('bundling failed; bundling each handler alone to find which');
        const each = await Promise.all(
          entries.map((entry) =>
            bundleEntries([entry], { outdir, write: true }).then(
              (out) => out.bundles,
              (error: Error) => {
                failures.set(
                  entry,
                  `did not bundle: ${error.message.split('\n')[1]?.trim() ?? error.message}`,
                );
                return [];
              },
            ),
          ),
        );
        return each.flat();
      });
    const byEntry = new Map(bundles.map((b) => [b.entry, b]));
    const measure = join(outdir, 'measure.mjs');
    writeFileSync(measure, MEASURE);

    const secretEntries = new Set(ROUTES.filter((r) => r.secret).map((r) => r.entry));
    if (failures.has(BASELINE_ENTRY)) throw new Error(failures.get(BASELINE_ENTRY));
    const targets = [
      { entry: BASELINE_ENTRY, secret: false },
      ...handlers
        .filter((h) => !failures.has(`functions/${h.entry}`))
        .map((h) => ({
          entry: `functions/${h.entry}`,
          // The dispatcher signs acknowledge links: on AWS it reads the secret too.
          secret: secretEntries.has(h.entry) || h.entry.startsWith('dispatch/'),
        })),
    ];
    const times = new Map<string, number[]>(targets.map((t) => [t.entry, []]));
    const connects = new Map<string, number>();
    for (let run = 1; run <= options.runs; run++) {
      progress(`cold imports, round ${run}/${options.runs} (${targets.length} fresh node processes)`);
      // Round-robin, so that a noisy moment of the machine falls on all of them alike.
      for (const target of targets) {
        const bundle = byEntry.get(target.entry);
        if (!bundle || failures.has(target.entry)) continue;
        try {
          const once = importOnce(measure, join(outdir, bundle.file), lambdaEnv(target.secret));
          times.get(target.entry)?.push(once.ms);
          connects.set(target.entry, (connects.get(target.entry) ?? 0) + once.connects);
        } catch (error) {
          if (target.entry === BASELINE_ENTRY) throw error;
          failures.set(
            target.entry,
            `import failed: ${(error as Error).message.split('\n').slice(-2).join(' ')}`,
          );
        }
      }
    }

    const baseline = median(times.get(BASELINE_ENTRY) ?? []);
    const rows: Row[] = [];
    for (const handler of handlers) {
      const entry = `functions/${handler.entry}`;
      const bundle = byEntry.get(entry);
      const failure = failures.get(entry);
      if (!bundle || failure) {
        rows.push({
          section: 'bundle',
          measure: `Lambda ${handler.entry} (${handler.trigger}): bundle bytes · cold import`,
          figure: failure ?? 'no bundle',
          baseline: `budget 150 KB · SDK clients only ${ms(baseline)}`,
          ratio: '—',
          goal: '≤ 150 KB · ≤ 1.2×',
          met: 'no',
        });
        continue;
      }
      const imported = median(times.get(entry) ?? []);
      const calls = connects.get(entry) ?? 0;
      const importRatio = imported / baseline;
      rows.push({
        section: 'bundle',
        measure: `Lambda ${handler.entry} (${handler.trigger}): bundle bytes · cold import${calls ? ` (${calls} connection attempts at import!)` : ''}`,
        figure: `${kb(bundle.bytes)} · ${ms(imported)}`,
        baseline: `budget 150 KB · SDK clients only ${ms(baseline)}`,
        ratio: `${ratio(bundle.bytes / BUNDLE_GOAL)} · ${ratio(importRatio)}`,
        goal: '≤ 150 KB · ≤ 1.2×',
        met: goalMet(bundle.bytes <= BUNDLE_GOAL && importRatio <= IMPORT_GOAL && calls === 0),
      });
    }
    return rows;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
