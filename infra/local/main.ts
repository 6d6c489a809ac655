/**
 * `npm start`: the whole system on one machine, no AWS account. dynalite on loopback with its data
 * under .data/, the same handler modules Lambda runs behind a local gateway, the built site, the
 * dispatcher and escalation sweep, an SMS outbox, and a seeded demo province.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalSystem } from './system';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = process.env.TUQUAN_DATA_DIR ?? join(ROOT, '.data');
const port = Number(process.env.PORT ?? 3000);
// A province of infra/provinces by its id, or any config file (the bench's, a test's) by its path.
const provinceFile =
  process.env.TUQUAN_PROVINCE_FILE ??
  join(ROOT, 'infra', 'provinces', `${process.env.TUQUAN_PROVINCE_ID ?? 'quang-ninh'}.json`);

function fail(line: string): never {
  console.error(`tuquan: ${line}`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be a port number, not "${process.env.PORT}"`);

const runtimeFile = join(dataDir, 'runtime.json');
try {
  mkdirSync(dataDir, { recursive: true });
} catch (error) {
  fail(`cannot create the data folder ${dataDir}: ${(error as Error).message}`);
}
if (existsSync(runtimeFile)) {
  try {
    const other = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { pid?: number; url?: string };
    if (other.pid && other.pid !== process.pid) {
      process.kill(other.pid, 0);
      fail(
        `another tuquan (pid ${other.pid}, ${other.url ?? 'unknown url'}) already uses ${dataDir}: stop it first`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH' && !(error instanceof SyntaxError)) throw error;
    // A stale file from a run that did not stop cleanly: nobody holds the folder.
  }
}

const system = await startLocalSystem({
  root: ROOT,
  dataDir,
  port,
  provinceFile,
  log: (line) => console.log(line),
}).catch((error: Error) => fail(error.message));

writeFileSync(
  runtimeFile,
  JSON.stringify({
    pid: process.pid,
    url: system.url,
    dynamoEndpoint: system.dynamoEndpoint,
    table: system.table,
  }),
);

console.log(`
tuquan is running — ${system.provinceName}
  Site (Vietnamese)   ${system.url}/
  Site (English)      ${system.url}/en/
  API health          ${system.url}/api/health
  SMS outbox          ${system.url}/_local/sms
  Officers (sign-in)  ${system.url}/_local/officers
  Data folder         ${dataDir}
${system.seeded}
Press Ctrl-C to stop.`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await system.stop();
  rmSync(runtimeFile, { force: true });
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
