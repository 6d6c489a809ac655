import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureSiteBuilt, ROOT } from './build-site';

/**
 * `npm run synth -- [cdk synth arguments]`, e.g. `npm run synth -- -c province=quang-ninh`: builds the
 * site when missing or stale, then runs the project's own CDK CLI fully offline (no notices, no
 * version check, no telemetry) and exits with its code.
 */
async function main(): Promise<number> {
  await ensureSiteBuilt({ log: (line) => console.error(line) });
  const cli = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const child = spawn(process.execPath, [cli, 'synth', '--no-notices', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: '1' },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
