/**
 * `npm run open311:keys -- <issue|revoke|list> --province <id> [options]`: the API keys of the apps that
 * file reports through Open311 (docs/adr/0020-open311.md). A key is shown once, when issued; the table
 * keeps only its keyed hash, so the server secret is needed: TUQUAN_SECRET_ARN (or --secret-arn) on AWS,
 * TUQUAN_SECRET_FILE (default .data/secret.key) locally.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueKey, listKeys, type ManageKeysPorts, revokeKey } from '../../functions/open311/manage-keys';
import { apiKeyStore } from '../../functions/open311/store';
import { InvalidInput } from '../../functions/shared/errors';
import { parseProvince } from '../../functions/shared/province';
import { secretsFromEnv } from '../../functions/shared/secrets';
import { parseArgs } from './args';
import type { CliIo } from './commands';
import { openTarget, targetsAws } from './target';

const USAGE = `Usage: npm run open311:keys -- <command> --province <id> [options]

  issue --app <name> [--per-minute N]   issue a key for an app (default 30 reports a minute); shown once
  revoke <key id>                       refuse the key from now on, everywhere
  list                                  every key: id, app, limit, issued, revoked
  --secret-arn ARN   the server secret on AWS (or TUQUAN_SECRET_ARN); locally TUQUAN_SECRET_FILE or .data/secret.key
Target options as for import: --endpoint, --table, --aws, --region, --profile.`;

const OWN_FLAGS = ['app', 'per-minute', 'secret-arn'] as const;

/** Takes this command's own flags out of argv; the rest is the import CLI's (province, target). */
function ownFlags(argv: readonly string[]): { own: Record<string, string>; rest: string[] } {
  const own: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name = '', inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [''];
    if ((OWN_FLAGS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      own[name] = value;
    } else rest.push(arg);
  }
  return { own, rest };
}

export async function runOpen311Keys(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...more] = argv;
  let parsed: ReturnType<typeof ownFlags>;
  let args: ReturnType<typeof parseArgs>;
  try {
    if (command !== 'issue' && command !== 'revoke' && command !== 'list') throw new Error('name a command');
    parsed = ownFlags(more);
    args = parseArgs(parsed.rest);
  } catch (error) {
    io.out(`open311:keys: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help || !args.province) {
    io.out(USAGE);
    return args.help ? 0 : 2;
  }
  const file = join(io.root, 'infra', 'provinces', `${args.province}.json`);
  if (!existsSync(file)) {
    io.out(`open311:keys: no province config ${file}`);
    return 1;
  }
  const province = parseProvince(JSON.parse(readFileSync(file, 'utf8')), file);
  if (command === 'revoke' && !args.folder) {
    io.out(`open311:keys: name the key id to revoke (npm run open311:keys -- list)\n\n${USAGE}`);
    return 2;
  }
  const secretArn = parsed.own['secret-arn'] ?? io.env.TUQUAN_SECRET_ARN;
  // A key hashed under the local secret file would be stored on AWS and never match what the servers hash.
  if (command === 'issue' && !secretArn && targetsAws(args, io.env)) {
    io.out(
      `open311:keys: on AWS a key is hashed with the server secret: name it with --secret-arn or TUQUAN_SECRET_ARN (the stack output ServerSecretArn)\n\n${USAGE}`,
    );
    return 2;
  }
  const secrets = secretsFromEnv(
    secretArn
      ? { TUQUAN_SECRET_ARN: secretArn }
      : {
          TUQUAN_SECRET_FILE:
            io.env.TUQUAN_SECRET_FILE ?? join(io.env.TUQUAN_DATA_DIR ?? join(io.root, '.data'), 'secret.key'),
        },
  );
  let target: Awaited<ReturnType<typeof openTarget>>;
  try {
    target = await openTarget(args, io);
  } catch (error) {
    io.out(`open311:keys: ${(error as Error).message}`);
    return 1;
  }
  const ports: ManageKeysPorts = {
    keys: apiKeyStore(target.store),
    secrets,
    clock: { now: () => io.now?.() ?? new Date() },
  };
  try {
    io.out(`Open311 keys of province ${province.id} in ${target.description}.`);
    if (command === 'issue') {
      const perMinute = Number(parsed.own['per-minute'] ?? 30);
      const { apiKey, key } = await issueKey({ app: parsed.own.app ?? '', perMinute }, ports);
      io.out(`Issued ${key.id} for "${key.app}", ${key.perMinute} reports a minute.`);
      io.out(`api_key (shown this once; only its hash is kept): ${apiKey}`);
      return 0;
    }
    if (command === 'revoke') {
      const revoked = await revokeKey(args.folder as string, ports);
      if (!revoked) {
        io.out(`open311:keys: no key ${args.folder}`);
        return 1;
      }
      io.out(`Revoked ${revoked.id} ("${revoked.app}") at ${revoked.revokedAt}.`);
      return 0;
    }
    const keys = await listKeys(ports);
    if (keys.length === 0) io.out('No keys issued.');
    for (const key of keys)
      io.out(
        `  ${key.id}  ${key.app}  ${key.perMinute}/min  issued ${key.createdAt}${key.revokedAt ? `  revoked ${key.revokedAt}` : ''}`,
      );
    return 0;
  } catch (error) {
    io.out(
      error instanceof InvalidInput
        ? 'open311:keys: --app (1 to 80 characters) and --per-minute (1 to 1000) are needed'
        : `open311:keys failed: ${(error as Error).message}`,
    );
    return 1;
  } finally {
    await target.close();
  }
}

if (process.argv[1]?.endsWith('open311-keys.ts')) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  process.exitCode = await runOpen311Keys(process.argv.slice(2), {
    root: join(import.meta.dirname, '..', '..'),
    env: process.env,
    out: (line) => console.log(line),
  });
}
