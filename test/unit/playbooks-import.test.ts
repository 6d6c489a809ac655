import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProvince } from '../../functions/shared/province';
import { type StoredRecords, validateFolder } from '../../infra/import/validate';
import provinceJson from '../../infra/provinces/quang-ninh.json';

const province = parseProvince(provinceJson, 'quang-ninh.json');
const now = new Date('2026-03-01T03:00:00Z');
const folders: string[] = [];
const DEMO = new URL('../../infra/provinces/quang-ninh', import.meta.url).pathname;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-playbooks-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A table that already holds the categories `theft` and `noise`. */
function stored(categories: string[] = ['theft', 'noise']): StoredRecords {
  return {
    areas: async () => new Map(),
    officers: async () => new Map(),
    models: async () => new Map(),
    categories: async (codes) => new Set(codes.filter((c) => categories.includes(c))),
  };
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'category,step,text_vi,text_en\n';

describe('playbooks.csv', () => {
  it('takes rows in any order and keeps each category’s steps in order, for categories the table holds', async () => {
    const dir = folder({
      'playbooks.csv': `${HEADER}noise,2,Nghe cả hai bên.,Hear both sides.\ntheft,1,Gọi lại người báo.,Call the reporter back.\nnoise,1,Nhắc nhở nhẹ nhàng.,Ask politely.\n`,
    });

    const result = await validateFolder(dir, { province, now, stored: stored() });

    expect(result.errors).toEqual([]);
    expect(result.counts).toEqual({ playbooks: { rows: 3, rejected: 0 } });
    expect(result.playbooks).toEqual([
      {
        file: 'playbooks',
        line: 2,
        value: {
          category: 'noise',
          steps: [
            { step: 1, text: { vi: 'Nhắc nhở nhẹ nhàng.', en: 'Ask politely.' } },
            { step: 2, text: { vi: 'Nghe cả hai bên.', en: 'Hear both sides.' } },
          ],
        },
      },
      {
        file: 'playbooks',
        line: 3,
        value: {
          category: 'theft',
          steps: [{ step: 1, text: { vi: 'Gọi lại người báo.', en: 'Call the reporter back.' } }],
        },
      },
    ]);
    expect(result.playbookCategoriesMentioned).toEqual(['noise', 'theft']);
  });

  it('names file, line and column for an unknown category, a step gap, a duplicate step, a text over its limit and an empty text', async () => {
    const long = 'x'.repeat(301);
    const dir = folder({
      'playbooks.csv': [
        HEADER.trim(),
        'robbery,1,Gọi 113.,Call 113.',
        'theft,1,Gọi lại người báo.,Call the reporter back.',
        'theft,3,Báo trực ban.,Tell the duty desk.',
        'noise,1,Nhắc nhở.,Ask politely.',
        'noise,1,Nhắc lại.,Ask again.',
        `noise,2,${long},Hear both sides.`,
        'noise,3,Ghi kết quả.,',
        '',
      ].join('\n'),
    });

    const result = await validateFolder(dir, { province, now, stored: stored() });

    expect(result.errors).toEqual([
      {
        file: 'playbooks.csv',
        line: 2,
        column: 1,
        columnName: 'category',
        reason: 'unknown category robbery',
      },
      {
        file: 'playbooks.csv',
        line: 4,
        column: 2,
        columnName: 'step',
        reason: 'step 3 of theft follows step 1: step 2 is missing',
      },
      {
        file: 'playbooks.csv',
        line: 6,
        column: 2,
        columnName: 'step',
        reason: 'duplicate step 1 of noise (first on line 5)',
      },
      { file: 'playbooks.csv', line: 7, column: 3, columnName: 'text_vi', reason: 'at most 300 characters' },
      { file: 'playbooks.csv', line: 8, column: 4, columnName: 'text_en', reason: 'required' },
    ]);
    expect(result.counts).toEqual({ playbooks: { rows: 7, rejected: 5 } });
    // A category with any rejected row is not written: half a playbook would skip what the province asks.
    expect(result.playbooks).toEqual([]);
  });

  it('says when steps do not start at 1, and when a category is rejected in categories.csv itself', async () => {
    const dir = folder({
      'categories.csv':
        'code,label_vi,label_en,urgency,mediable,roles,informed\nfight,"Đánh nhau, gây rối",Fight,urgent,no,police,\n',
      'playbooks.csv': `${HEADER}fight,1,Đến nơi cùng đồng đội.,Go with a colleague.\ntheft,2,Giữ nguyên hiện trường.,Keep the scene as it is.\n`,
    });

    const result = await validateFolder(dir, { province, now, stored: stored() });

    expect(result.errors).toEqual([
      {
        file: 'categories.csv',
        line: 2,
        column: 4,
        columnName: 'urgency',
        reason: 'one of: high, normal, low',
      },
      {
        file: 'playbooks.csv',
        line: 2,
        column: 1,
        columnName: 'category',
        reason: 'category fight is rejected (categories.csv line 2)',
      },
      {
        file: 'playbooks.csv',
        line: 3,
        column: 2,
        columnName: 'step',
        reason: 'theft starts at step 2: step 1 is missing',
      },
    ]);
    expect(result.playbooks).toEqual([]);
  });

  it('holds a playbook of 3 to 6 steps for each of the demo province’s twelve categories, in both languages', async () => {
    const result = await validateFolder(DEMO, { province, now, stored: stored([]) });

    expect(result.errors).toEqual([]);
    const playbooks = result.playbooks.map(({ value }) => value);
    expect(playbooks.map((p) => p.category).sort()).toEqual(
      result.categories.map(({ value }) => value.code).sort(),
    );
    expect(playbooks).toHaveLength(12);
    for (const playbook of playbooks) {
      expect(playbook.steps.length, playbook.category).toBeGreaterThanOrEqual(3);
      expect(playbook.steps.length, playbook.category).toBeLessThanOrEqual(6);
      expect(playbook.steps.map((s) => s.step)).toEqual(playbook.steps.map((_, i) => i + 1));
    }
    const violence = playbooks.find((p) => p.category === 'domestic_violence');
    expect(violence?.steps.map((s) => s.text.en)).toEqual([
      'Safety first: go with a colleague and separate the person harmed from the one who harmed them.',
      'If anyone is hurt: call 113 and 115, and give first aid while waiting.',
      "If the person harmed wishes, take them and any children somewhere safe (relatives, the area's trusted address).",
      "Contact the local Women's Union to support and advise the person harmed.",
      'No mediation while there is danger; consider it only once the person harmed is safe and freely agrees.',
      "Record what happened, the injuries seen and what the person harmed said in the case's internal note.",
    ]);
  });
});
