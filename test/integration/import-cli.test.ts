import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport, runImport } from '../../infra/cli/commands';
import { ensureTable } from '../../infra/local/dynamo';
import { testStore } from '../support/store';

const ROOT = new URL('../..', import.meta.url).pathname;
const endpoint = process.env.TUQUAN_DYNAMODB_ENDPOINT as string;
const { table } = testStore();
const now = () => new Date('2026-03-01T03:00:00Z');
const temp: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-cli-'));
  temp.push(dir);
  return dir;
}

async function run(
  command: typeof runImport,
  argv: string[],
  options: { root?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const lines: string[] = [];
  const code = await command(argv, {
    root: options.root ?? ROOT,
    env: options.env ?? {},
    out: (l) => lines.push(l),
    now,
  });
  return { code, lines };
}

afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('npm run import', () => {
  it('imports the demo into the endpoint given, then says that a second run changed nothing', async () => {
    const argv = ['--province', 'quang-ninh', '--endpoint', endpoint, '--table', table];
    const first = await run(runImport, argv);
    const second = await run(runImport, argv);
    expect([
      first.code,
      first.lines[0],
      first.lines.at(-1)?.startsWith('Done: 2,539 items written, 0 deleted in'),
    ]).toEqual([
      0,
      `Importing ${join(ROOT, 'infra/provinces/quang-ninh')} (province quang-ninh) into the DynamoDB-API server at ${endpoint}, table ${table}.`,
      true,
    ]);
    expect(second.code).toBe(0);
    expect(second.lines.slice(2)).toEqual([
      'file                                created  updated  unchanged  rejected  deleted',
      'areas.csv                                 0        0         27         0        0',
      'categories.csv                            0        0         12         0        0',
      'models.csv                                0        0         12         0        0',
      'groups.csv                                0        0         21         0        0',
      'contacts.csv                              0        0         80         0        0',
      'officers.csv                              0        0         53         0        0',
      'roster.csv                                0        0         52         0        0',
      'playbooks.csv                             0        0         12         0        0',
      'boxes (from areas.csv, groups.csv)        0        0         29         0        0',
      'shifts (from roster.csv)                  0        0      2,080         0        0',
      expect.stringMatching(/^Done: everything was unchanged in [\d.]+ s\.$/),
    ]);
    // About two seconds on dynalite, up to 30 s on DynamoDB Local.
  }, 120_000);

  it('lists every problem with file, line and column, and exits 1 having written nothing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'areas.csv'),
      'code,name,kind,parent\nQN,Quảng Ninh,province,\nX1,Khu X,village,NOWHERE\n',
    );
    const { code, lines } = await run(runImport, [
      '--province',
      'quang-ninh',
      dir,
      '--endpoint',
      endpoint,
      '--table',
      `${table}-none`,
    ]);
    expect({ code, lines }).toEqual({
      code: 1,
      lines: [
        `import: the DynamoDB-API server at ${endpoint}, table ${table}-none: there is no table ${table}-none`,
      ],
    });
    const checked = await run(runImport, [
      '--province',
      'quang-ninh',
      dir,
      '--check',
      '--endpoint',
      endpoint,
      '--table',
      table,
    ]);
    expect(checked).toEqual({
      code: 1,
      lines: [
        `Importing ${dir} (province quang-ninh) into the DynamoDB-API server at ${endpoint}, table ${table}.`,
        '  areas.csv: 2 rows, 1 rejected',
        '  ✗ areas.csv line 3, column 4 (parent): unknown area NOWHERE',
        'Check failed; nothing was written.',
      ],
    });
    const imported = await run(runImport, [
      '--province',
      'quang-ninh',
      dir,
      '--endpoint',
      endpoint,
      '--table',
      table,
    ]);
    expect(imported).toEqual({
      code: 1,
      lines: [
        `Importing ${dir} (province quang-ninh) into the DynamoDB-API server at ${endpoint}, table ${table}.`,
        '  ✗ areas.csv line 3, column 4 (parent): unknown area NOWHERE',
        'file       created  updated  unchanged  rejected  deleted',
        'areas.csv        0        0          0         1        0',
        '1 problem(s) found: nothing was written. Fix them, or use --partial to write the good rows.',
      ],
    });
  });

  it('uses the running local system’s store named in .data/runtime.json', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.data'));
    writeFileSync(
      join(root, '.data', 'runtime.json'),
      JSON.stringify({ pid: process.pid, dynamoEndpoint: endpoint, table }),
    );
    const { code, lines } = await run(
      runImport,
      ['--province', 'quang-ninh', join(ROOT, 'infra/provinces/quang-ninh'), '--check'],
      {
        root: ROOT,
        env: { TUQUAN_DATA_DIR: join(root, '.data') },
      },
    );
    expect([code, lines[0]]).toEqual([
      0,
      `Importing ${join(ROOT, 'infra/provinces/quang-ninh')} (province quang-ninh) into the running local system's store (npm start, pid ${process.pid}) at ${endpoint}, table ${table}.`,
    ]);
  });

  it('opens the local store itself when nothing runs, and says so', async () => {
    const data = join(tempDir(), '.data');
    mkdirSync(data);
    // A runtime file left by a system that is gone (no such pid) means nothing runs.
    writeFileSync(
      join(data, 'runtime.json'),
      JSON.stringify({ pid: 2 ** 22 + 12345, dynamoEndpoint: 'http://127.0.0.1:1', table: 'x' }),
    );
    const { code, lines } = await run(runImport, ['--province', 'quang-ninh', '--check'], {
      env: { TUQUAN_DATA_DIR: data },
    });
    expect([code, lines[0]]).toEqual([
      0,
      `Importing ${join(ROOT, 'infra/provinces/quang-ninh')} (province quang-ninh) into the local store in ${join(data, 'dynamo')} (nothing was running, so this run opened it itself), table tuquan-local.`,
    ]);
    expect(existsSync(join(data, 'dynamo'))).toBe(true);
  });

  it('explains its usage', async () => {
    const { code, lines } = await run(runImport, ['--provnce', 'quang-ninh']);
    expect([code, lines[0]?.split('\n')[0]]).toEqual([2, 'import: unknown option --provnce']);
  });
});

describe('npm run export', () => {
  it('writes the import’s files to the folder', async () => {
    const dir = tempDir();
    const { code } = await run(runExport, [
      '--province',
      'quang-ninh',
      '--endpoint',
      endpoint,
      '--table',
      table,
      join(dir, 'out'),
    ]);
    expect([code, readdirSync(join(dir, 'out')).sort()]).toEqual([
      0,
      [
        'areas.csv',
        'categories.csv',
        'contacts.csv',
        'groups.csv',
        'models.csv',
        'officers.csv',
        'playbooks.csv',
        'roster.csv',
      ],
    ]);
  });

  it('neutralizes cells a spreadsheet would run as formulas, and an export imported and exported again is unchanged', async () => {
    // A table of its own: the demo, plus a contact whose name and role a spreadsheet would run.
    const own = `roundtrip-${Date.now().toString(36)}`;
    await ensureTable(endpoint, own);
    const dir = tempDir();
    const source = join(dir, 'source');
    cpSync(join(ROOT, 'infra/provinces/quang-ninh'), source, { recursive: true });
    appendFileSync(
      join(source, 'contacts.csv'),
      `QN-EVIL,QN,"=HYPERLINK(""http://evil.example"",""Gọi"")",@SUM(1+1),+84 912 345 678,police,public,2026-01-15\n` +
        `QN-QUOTE,QN,'=đã có dấu nháy,-Tổ phó,0912 345 679,police,public,2026-01-15\n`,
    );
    const target = ['--province', 'quang-ninh', '--endpoint', endpoint, '--table', own];
    const exportTo = async (folder: string) => (await run(runExport, [...target, folder])).code;

    expect((await run(runImport, [...target, source])).code).toBe(0);
    expect(await exportTo(join(dir, 'first'))).toBe(0);
    const first = readFileSync(join(dir, 'first', 'contacts.csv'), 'utf8');
    const reimport = await run(runImport, [...target, join(dir, 'first')]);
    expect(await exportTo(join(dir, 'second'))).toBe(0);

    // A typed `'=` is read as a spreadsheet reads it: the quote marks text, the cell is `=đã có dấu nháy`.
    expect(first.split('\r\n').filter((l) => /^QN-(EVIL|QUOTE),/.test(l))).toEqual([
      `QN-QUOTE,QN,"'=đã có dấu nháy","'-Tổ phó","'+84912345679",police,public,2026-01-15`,
      `QN-EVIL,QN,"'=HYPERLINK(""http://evil.example"",""Gọi"")","'@SUM(1+1)","'+84912345678",police,public,2026-01-15`,
    ]);
    expect(reimport.code).toBe(0);
    expect(reimport.lines.find((l) => l.startsWith('contacts.csv'))).toBe(
      'contacts.csv                              0        0         82         0        0',
    );
    for (const file of readdirSync(join(dir, 'first')))
      expect(readFileSync(join(dir, 'second', file), 'utf8'), file).toBe(
        readFileSync(join(dir, 'first', file), 'utf8'),
      );
  }, 120_000);
});
