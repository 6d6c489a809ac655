import { resolve } from 'node:path';
import type { Store } from '../../functions/shared/store/client';
import type { CliIo } from '../../infra/cli/commands';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Runs one of the admin CLI's commands for the demo province on the test table: its exit code and lines. */
export async function runOnTestTable(
  command: (argv: readonly string[], io: CliIo) => Promise<number>,
  store: Store,
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await command(
    [
      '--province',
      'quang-ninh',
      '--endpoint',
      String(process.env.TUQUAN_DYNAMODB_ENDPOINT),
      '--table',
      store.table,
    ],
    { root: ROOT, env: {}, out: (line) => lines.push(line) },
  );
  return { code, lines };
}
