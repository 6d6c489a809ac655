import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Province, parseProvince } from '../../functions/shared/province';
import type { Store } from '../../functions/shared/store/client';
import { formatProblem } from '../import/csv';
import { exportProvince } from '../import/export';
import { formatSummary, importProvince, storedRecords } from '../import/import';
import { relistPatrols } from '../import/patrol-listings';
import { queueUnqueued } from '../import/retention-queue';
import { FILES } from '../import/rows';
import { validateFolder } from '../import/validate';
import { type CliArgs, parseArgs } from './args';
import { openTarget } from './target';

export interface CliIo {
  root: string;
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  /** The import's clock; the roster's relative dates count from it. */
  now?: () => Date;
}

/** Errors printed at most; past that, a count. */
const MAX_ERRORS_SHOWN = 200;

const USAGE = {
  import: `Usage: npm run import -- --province <id> [folder] [options]

Validates every row of the province's CSV files, then upserts them (only what differs).
  folder            default infra/provinces/<id>/
  --partial         write the good rows even when some are invalid (the bad ones are listed)
  --check           validate only; write nothing
  --endpoint URL    a DynamoDB-API server (or TUQUAN_DYNAMODB_ENDPOINT)
  --table NAME      the table (or TUQUAN_TABLE); without --endpoint this means DynamoDB on AWS
  --aws             DynamoDB on AWS (with --table or TUQUAN_TABLE)
  --region R        AWS region (or AWS_REGION; default ap-southeast-1)
  --profile P       AWS profile (or AWS_PROFILE)
Without --endpoint/--table/--aws: the running \`npm start\`'s store, else the local .data/dynamo.`,
  export: `Usage: npm run export -- --province <id> <folder> [options]

Writes the table's province data as the import's CSV files (importing them back changes nothing).
Target options as for import: --endpoint, --table, --aws, --region, --profile.`,
  'retention:queue': `Usage: npm run retention:queue -- --province <id> [options]

Puts the items that hold personal data but were written before the retention rules (no retention date)
in the retention queue, with the dates the province's \`retention\` periods give them, so that the
nightly job erases them in time. Scans the table once; running it again changes nothing.
Target options as for import: --endpoint, --table, --aws, --region, --profile.`,
  'patrols:relist': `Usage: npm run patrols:relist -- --province <id> [options]

Lists every patrol again under the places above its own, so that a commune's or a ward's patrol list
holds it: for patrols recorded before those lists held them, or whose record died before listing them
and was never retried. Scans the table once; running it again changes nothing.
Target options as for import: --endpoint, --table, --aws, --region, --profile.`,
};

function loadProvince(root: string, id: string): Province {
  const file = join(root, 'infra', 'provinces', `${id}.json`);
  if (!existsSync(file)) throw new Error(`no province config ${file}`);
  return parseProvince(JSON.parse(readFileSync(file, 'utf8')), file);
}

async function prepare(
  command: keyof typeof USAGE,
  argv: readonly string[],
  io: CliIo,
): Promise<{ args: CliArgs; province: Province; folder: string } | number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.out(`${command}: ${(error as Error).message}\n\n${USAGE[command]}`);
    return 2;
  }
  if (args.help || !args.province) {
    io.out(USAGE[command]);
    return args.help ? 0 : 2;
  }
  const province = loadProvince(io.root, args.province);
  if (command === 'export' && !args.folder) {
    io.out(`export: name the folder to write\n\n${USAGE.export}`);
    return 2;
  }
  const folder = resolve(args.folder ?? join(io.root, 'infra', 'provinces', province.id));
  return { args, province, folder };
}

/** `npm run import`; returns the exit code: 0 all good, 1 rows rejected or a failure, 2 bad usage. */
export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const prepared = await prepare('import', argv, io).catch((error: Error) => {
    io.out(`import: ${error.message}`);
    return 1;
  });
  if (typeof prepared === 'number') return prepared;
  const { args, province, folder } = prepared;
  if (!existsSync(folder)) {
    io.out(`import: no folder ${folder}`);
    return 1;
  }
  let target: Awaited<ReturnType<typeof openTarget>>;
  try {
    target = await openTarget(args, io);
  } catch (error) {
    io.out(`import: ${(error as Error).message}`);
    return 1;
  }
  try {
    io.out(`Importing ${folder} (province ${province.id}) into ${target.description}.`);
    const now = io.now?.() ?? new Date();
    if (args.check) {
      const data = await validateFolder(folder, { province, now, stored: storedRecords(target.store) });
      for (const key of data.present)
        io.out(
          `  ${FILES[key].file}: ${data.counts[key]?.rows ?? 0} rows, ${data.counts[key]?.rejected ?? 0} rejected`,
        );
      printErrors(data.errors, io);
      io.out(
        data.errors.length
          ? 'Check failed; nothing was written.'
          : 'Check passed; nothing was written (--check).',
      );
      return data.errors.length ? 1 : 0;
    }
    const summary = await importProvince(target.store, folder, {
      province,
      now,
      partial: args.partial,
      onProgress: (line) => io.out(`  ${line}`),
    });
    printErrors(summary.errors, io);
    for (const line of formatSummary(summary)) io.out(line);
    if (!summary.written) {
      io.out(
        `${summary.errors.length} problem(s) found: nothing was written. Fix them, or use --partial to write the good rows.`,
      );
      return 1;
    }
    const totals = Object.values(summary.files);
    const changed = totals.some((f) => f.created + f.updated + f.deleted > 0);
    io.out(
      `${changed ? `Done: ${summary.itemsWritten.toLocaleString('en')} items written, ${summary.itemsDeleted.toLocaleString('en')} deleted` : 'Done: everything was unchanged'} in ${summary.seconds} s.${summary.errors.length ? ` ${summary.errors.length} problem(s): those rows were not written.` : ''}`,
    );
    return summary.errors.length ? 1 : 0;
  } catch (error) {
    io.out(`import failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await target.close();
  }
}

function printErrors(errors: readonly Parameters<typeof formatProblem>[0][], io: CliIo): void {
  for (const problem of errors.slice(0, MAX_ERRORS_SHOWN)) io.out(`  ✗ ${formatProblem(problem)}`);
  if (errors.length > MAX_ERRORS_SHOWN) io.out(`  … and ${errors.length - MAX_ERRORS_SHOWN} more problems`);
}

/** `npm run export`; returns the exit code. */
export async function runExport(argv: readonly string[], io: CliIo): Promise<number> {
  const prepared = await prepare('export', argv, io).catch((error: Error) => {
    io.out(`export: ${error.message}`);
    return 1;
  });
  if (typeof prepared === 'number') return prepared;
  const { args, province, folder } = prepared;
  let target: Awaited<ReturnType<typeof openTarget>>;
  try {
    target = await openTarget(args, io);
  } catch (error) {
    io.out(`export: ${(error as Error).message}`);
    return 1;
  }
  try {
    io.out(`Exporting province ${province.id} from ${target.description} to ${folder}.`);
    const written = await exportProvince(target.store, folder, {
      province,
      onProgress: (l) => io.out(`  ${l}`),
    });
    for (const [key, rows] of Object.entries(written))
      io.out(`  ${FILES[key as keyof typeof FILES].file}: ${rows} rows`);
    return 0;
  } catch (error) {
    io.out(`export failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await target.close();
  }
}

/**
 * An admin's one-off over the whole table (`retention:queue`, `patrols:relist`): the target opened, the
 * work done, its one line of result printed. 0 done, 1 a failure, 2 bad usage.
 */
async function runOneOff(
  command: 'retention:queue' | 'patrols:relist',
  argv: readonly string[],
  io: CliIo,
  doing: string,
  work: (store: Store, province: Province) => Promise<string>,
): Promise<number> {
  const prepared = await prepare(command, argv, io).catch((error: Error) => {
    io.out(`${command}: ${error.message}`);
    return 1;
  });
  if (typeof prepared === 'number') return prepared;
  const { args, province } = prepared;
  let target: Awaited<ReturnType<typeof openTarget>>;
  try {
    target = await openTarget(args, io);
  } catch (error) {
    io.out(`${command}: ${(error as Error).message}`);
    return 1;
  }
  try {
    io.out(`${doing} in ${target.description} (province ${province.id}).`);
    io.out(await work(target.store, province));
    return 0;
  } catch (error) {
    io.out(`${command} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await target.close();
  }
}

/** `npm run retention:queue`: queues what was stored before the retention rules. */
export function runRetentionQueue(argv: readonly string[], io: CliIo): Promise<number> {
  return runOneOff(
    'retention:queue',
    argv,
    io,
    'Queueing items without a retention date',
    async (store, province) => {
      const counts = await queueUnqueued(store, province.retention);
      const kinds = Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, n]) => `${n.toLocaleString('en')} ${kind}`);
      return kinds.length ? `Queued: ${kinds.join(', ')}.` : 'Nothing to queue: every item has its date.';
    },
  );
}

/** `npm run patrols:relist`: lists every patrol again under the places above its own. */
export function runPatrolsRelist(argv: readonly string[], io: CliIo): Promise<number> {
  return runOneOff(
    'patrols:relist',
    argv,
    io,
    'Listing patrols under the places above their own',
    async (store) => {
      const listed = await relistPatrols(store);
      return `Listed ${listed.toLocaleString('en')} patrol${listed === 1 ? '' : 's'}.`;
    },
  );
}
