import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allPlaybooks, getPlaybook } from '../../functions/playbooks/store';
import { parseProvince } from '../../functions/shared/province';
import type { Store } from '../../functions/shared/store/client';
import { exportProvince } from '../../infra/import/export';
import { importProvince } from '../../infra/import/import';
import { ensureTable } from '../../infra/local/dynamo';
import { testStore } from '../support/store';

const ROOT = new URL('../..', import.meta.url).pathname;
const DEMO = join(ROOT, 'infra/provinces/quang-ninh');
const province = parseProvince(
  JSON.parse(readFileSync(join(ROOT, 'infra/provinces/quang-ninh.json'), 'utf8')),
  'quang-ninh.json',
);
const now = new Date('2026-03-01T03:00:00Z');
const temp: string[] = [];
let tables = 0;

/** A table of its own per test: each starts from the demo import. */
async function seededStore(): Promise<Store> {
  const base = testStore();
  const store = { doc: base.doc, table: `${base.table}-pb-${++tables}` };
  await ensureTable(process.env.TUQUAN_DYNAMODB_ENDPOINT as string, store.table);
  const summary = await importProvince(store, DEMO, { province, now });
  expect(summary.errors).toEqual([]);
  return store;
}

function folderWith(playbooks: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-playbooks-import-'));
  temp.push(dir);
  writeFileSync(join(dir, 'playbooks.csv'), playbooks);
  return dir;
}

/** The demo's playbooks.csv with some lines left out or changed. */
function demoPlaybooks(edit: (lines: string[]) => string[]): string {
  const lines = readFileSync(join(DEMO, 'playbooks.csv'), 'utf8').trimEnd().split('\n');
  return `${edit(lines).join('\n')}\n`;
}

const counts = (created: number, updated: number, unchanged: number, rejected: number, deleted: number) => ({
  created,
  updated,
  unchanged,
  rejected,
  deleted,
});

afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('importing playbooks.csv', () => {
  it('changes nothing when imported again, and exports the same file back', async () => {
    const store = await seededStore();
    const out = mkdtempSync(join(tmpdir(), 'tuquan-playbooks-export-'));
    temp.push(out);

    const again = await importProvince(store, folderWith(readFileSync(join(DEMO, 'playbooks.csv'), 'utf8')), {
      province,
      now,
    });
    await exportProvince(store, out, { province });

    expect(again.files).toEqual({ 'playbooks.csv': counts(0, 0, 12, 0, 0) });
    expect([again.itemsWritten, again.itemsDeleted]).toEqual([0, 0]);
    expect(readFileSync(join(out, 'playbooks.csv'), 'utf8').replaceAll('\r\n', '\n')).toBe(
      readFileSync(join(DEMO, 'playbooks.csv'), 'utf8'),
    );
  });

  it("removes a category's steps left out of the file, and the playbook of a category the file no longer names", async () => {
    const store = await seededStore();
    const folder = folderWith(
      demoPlaybooks((lines) =>
        lines.filter(
          (line) =>
            !line.startsWith('theft,4,') && !line.startsWith('theft,5,') && !line.startsWith('noise,'),
        ),
      ),
    );

    const summary = await importProvince(store, folder, { province, now });

    expect(summary.errors).toEqual([]);
    expect(summary.files).toEqual({ 'playbooks.csv': counts(0, 1, 10, 0, 1) });
    expect((await getPlaybook(store, 'theft'))?.steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(await getPlaybook(store, 'noise')).toBeUndefined();
    expect((await allPlaybooks(store)).map((p) => p.category)).toHaveLength(11);
  });

  it('writes nothing when a row is invalid, and with --partial leaves the rejected category as it was', async () => {
    const store = await seededStore();
    const folder = folderWith(
      demoPlaybooks((lines) =>
        lines
          .filter((line) => !line.startsWith('theft,2,'))
          .map((line) => (line.startsWith('fight,1,') ? 'fight,1,Đến nơi.,Go there.' : line)),
      ),
    );
    const before = await getPlaybook(store, 'theft');

    const refused = await importProvince(store, folder, { province, now });
    const partial = await importProvince(store, folder, { province, now, partial: true });

    expect([refused.written, refused.errors]).toEqual([
      false,
      [
        {
          file: 'playbooks.csv',
          line: 3,
          column: 2,
          columnName: 'step',
          reason: 'step 3 of theft follows step 1: step 2 is missing',
        },
      ],
    ]);
    expect(partial.files).toEqual({ 'playbooks.csv': counts(0, 1, 10, 1, 0) });
    expect(await getPlaybook(store, 'theft')).toEqual(before);
    expect((await getPlaybook(store, 'fight'))?.steps[0]).toEqual({
      step: 1,
      text: { vi: 'Đến nơi.', en: 'Go there.' },
    });
  });
});
