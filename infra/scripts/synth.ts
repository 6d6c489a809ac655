import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { provinceIds } from '../app';
import { ensureSiteBuilt, ROOT } from './build-site';

/**
 * `npm run synth -- -c province=<id> [cdk synth arguments]`: builds the site for that province when
 * missing, stale or built for another (its pages name the province), then runs the project's own CDK
 * CLI fully offline (no notices, no version check, no telemetry) and exits with its code.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const province = contextValue(args, 'province');
  const ids = provinceIds();
  if (!province && ids.length > 1) {
    console.error(
      `The site is built per province (its pages name it): synth one at a time, e.g. npm run synth -- -c province=${ids[0]} (known: ${ids.join(', ')})`,
    );
    return 2;
  }
  await ensureSiteBuilt({ province: province ?? ids[0], log: (line) => console.error(line) });
  const cli = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const child = spawn(process.execPath, [cli, 'synth', '--no-notices', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: '1' },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** `-c key=value`, `--context key=value` or `--context=key=value` among the CLI's arguments. */
function contextValue(args: string[], key: string): string | undefined {
  for (const [i, arg] of args.entries()) {
    const pair =
      arg === '-c' || arg === '--context'
        ? args[i + 1]
        : arg.startsWith('--context=')
          ? arg.slice(10)
          : undefined;
    if (pair?.startsWith(`${key}=`)) return pair.slice(key.length + 1);
  }
  return undefined;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
