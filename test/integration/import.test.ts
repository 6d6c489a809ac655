import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { areasByName, getArea } from '../../functions/areas/store';
import { contactsOfArea } from '../../functions/contacts/store';
import { groupsByArea } from '../../functions/directory/store';
import { getOfficer, officerLookup, shiftsInArea } from '../../functions/roster/store';
import { parseProvince } from '../../functions/shared/province';
import type { Store } from '../../functions/shared/store/client';
import { boxStore } from '../../functions/suggestions/store';
import { exportProvince } from '../../infra/import/export';
import { importProvince } from '../../infra/import/import';
import { ensureTable } from '../../infra/local/dynamo';
import { testStore } from '../support/store';

const province = parseProvince(
  JSON.parse(readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8')),
  'quang-ninh.json',
);
const DEMO = new URL('../../infra/provinces/quang-ninh', import.meta.url).pathname;
const now = new Date('2026-03-01T03:00:00Z');
const temp: string[] = [];
let tables = 0;
/** Importing the whole demo takes about a second on dynalite, up to 15 s on DynamoDB Local. */
const DEMO_TIMEOUT = 120_000;

/** A table of its own for each test, so that "nothing was written" can be checked on an empty table. */
async function freshStore(): Promise<Store> {
  const base = testStore();
  const table = `${base.table}-${++tables}`;
  await ensureTable(process.env.TUQUAN_DYNAMODB_ENDPOINT as string, table);
  return { doc: base.doc, table };
}

function folder(files: Record<string, string>, from?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-import-'));
  temp.push(dir);
  if (from) cpSync(from, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function itemCount(store: Store): Promise<number> {
  // Scan only here, to prove the table empty; no code path of the product scans.
  const out = await store.doc.send(new ScanCommand({ TableName: store.table, Select: 'COUNT' }));
  return out.Count ?? 0;
}

const unchanged = (n: number) => ({ created: 0, updated: 0, unchanged: n, rejected: 0, deleted: 0 });

afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

const AREAS =
  'code,name,kind,parent\nQN,Quảng Ninh,province,\nUONG-BI,Uông Bí,ward,QN\nUB-QT5A,Khu Quang Trung 5A,residential_group,UONG-BI\n';
const CONTACTS_HEADER = 'id,area,name,role,phone,kind,visibility,verified_at\n';

describe('importProvince', () => {
  it('writes nothing at all when a row is invalid, and names every problem', async () => {
    const store = await freshStore();
    const dir = folder({
      'areas.csv': `${AREAS}UB-QT6,Khu Quang Trung 6,residential_group,NOWHERE\nUONG-BI,Uông Bí,ward,QN\n`,
      'contacts.csv': `${CONTACTS_HEADER}C1,UB-QT5A,Vũ Văn Thọ,Tổ trưởng,0912 345 678,group_head,public,2026-02-01\nC2,UONG-BI,Công an phường,Trực ban,113,police,public,2026-02-01\n`,
    });
    const summary = await importProvince(store, dir, { province, now });
    expect({ ...summary, seconds: 0 }).toEqual({
      written: false,
      files: {
        'areas.csv': { created: 0, updated: 0, unchanged: 0, rejected: 2, deleted: 0 },
        'contacts.csv': { created: 0, updated: 0, unchanged: 0, rejected: 1, deleted: 0 },
      },
      errors: [
        { file: 'areas.csv', line: 5, column: 4, columnName: 'parent', reason: 'unknown area NOWHERE' },
        {
          file: 'areas.csv',
          line: 6,
          column: 1,
          columnName: 'code',
          reason: 'duplicate code UONG-BI (first on line 3)',
        },
        {
          file: 'contacts.csv',
          line: 3,
          column: 5,
          columnName: 'phone',
          reason: 'not a phone number: "113" (e.g. 0912 345 678 or +84912345678)',
        },
      ],
      itemsWritten: 0,
      itemsDeleted: 0,
      seconds: 0,
    });
    expect(await itemCount(store)).toBe(0);
  });

  it('with partial, writes the good rows and lists the bad ones', async () => {
    const store = await freshStore();
    const dir = folder({
      'areas.csv': `${AREAS}UB-QT6,Khu Quang Trung 6,residential_group,NOWHERE\n`,
      'contacts.csv': `${CONTACTS_HEADER}C1,UB-QT5A,Vũ Văn Thọ,Tổ trưởng,0912 345 678,group_head,public,2026-02-01\nC2,UB-QT6,Hòa giải,Hòa giải viên,0912 345 679,mediation,public,2026-02-01\n`,
    });
    const summary = await importProvince(store, dir, { province, now, partial: true });
    expect({
      written: summary.written,
      files: summary.files,
      errors: summary.errors.map((e) => `${e.file}:${e.line}: ${e.reason}`),
    }).toEqual({
      written: true,
      files: {
        'areas.csv': { created: 3, updated: 0, unchanged: 0, rejected: 1, deleted: 0 },
        'contacts.csv': { created: 1, updated: 0, unchanged: 0, rejected: 1, deleted: 0 },
        'boxes (from areas.csv, groups.csv)': {
          created: 1,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          deleted: 0,
        },
      },
      errors: [
        'areas.csv:5: unknown area NOWHERE',
        'contacts.csv:3: area UB-QT6 is rejected (areas.csv line 5)',
      ],
    });
    expect([await getArea(store, 'UB-QT5A'), await getArea(store, 'UB-QT6')]).toEqual([
      {
        code: 'UB-QT5A',
        name: 'Khu Quang Trung 5A',
        kind: 'residential_group',
        parent: 'UONG-BI',
        ancestors: ['QN', 'UONG-BI'],
      },
      undefined,
    ]);
    expect((await contactsOfArea(store, 'UB-QT5A')).map((c) => c.id)).toEqual(['C1']);
  });

  it(
    'reports everything unchanged when the same folder is imported twice',
    async () => {
      const store = await freshStore();
      const first = await importProvince(store, DEMO, { province, now });
      const second = await importProvince(store, DEMO, { province, now });
      expect(first.errors).toEqual([]);
      expect(second.files).toEqual({
        'areas.csv': unchanged(27),
        'categories.csv': unchanged(12),
        'models.csv': unchanged(12),
        'groups.csv': unchanged(21),
        'contacts.csv': unchanged(80),
        'officers.csv': unchanged(53),
        'roster.csv': unchanged(52),
        'playbooks.csv': unchanged(12),
        'boxes (from areas.csv, groups.csv)': unchanged(29),
        'shifts (from roster.csv)': unchanged(52 * 40),
      });
      expect([second.itemsWritten, second.itemsDeleted]).toEqual([0, 0]);
    },
    DEMO_TIMEOUT,
  );

  it(
    'tops the roster up by one day when imported again the next day, touching nothing else',
    async () => {
      const store = await freshStore();
      await importProvince(store, DEMO, { province, now });
      const next = await importProvince(store, DEMO, { province, now: new Date(now.getTime() + 86_400_000) });
      expect(next.files['shifts (from roster.csv)']).toEqual({
        created: 52,
        updated: 0,
        unchanged: 52 * 39,
        rejected: 0,
        deleted: 0,
      });
      expect(next.files['contacts.csv']).toEqual(unchanged(80));
    },
    DEMO_TIMEOUT,
  );

  it(
    'exports the same files back: importing the export changes nothing',
    async () => {
      const store = await freshStore();
      await importProvince(store, DEMO, { province, now });
      const out = folder({});
      const written = await exportProvince(store, out, { province });
      const again = await importProvince(store, out, { province, now });
      expect(written).toEqual({
        areas: 27,
        categories: 12,
        models: 12,
        groups: 21,
        contacts: 80,
        officers: 53,
        roster: 52,
        playbooks: 58,
      });
      expect(again.errors).toEqual([]);
      expect(
        Object.values(again.files).every((f) => f.created + f.updated + f.deleted + f.rejected === 0),
      ).toBe(true);
      expect([again.itemsWritten, again.itemsDeleted]).toEqual([0, 0]);
    },
    DEMO_TIMEOUT,
  );

  it('round-trips explicit shifts through shifts.csv in the province’s local time', async () => {
    const store = await freshStore();
    const dir = folder({
      'areas.csv': AREAS,
      'officers.csv':
        'id,name,phone,role,access,areas,login\nUB-CA1,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,ca1@example.vn\n',
      'shifts.csv': 'area,officer,start,end\nUB-QT5A,UB-CA1,2026-03-01T10:00:00Z,2026-03-01T22:00:00+07:00\n',
    });
    await importProvince(store, dir, { province, now });
    const out = folder({});
    await exportProvince(store, out, { province });
    const again = await importProvince(store, out, { province, now });
    expect(readFileSync(join(out, 'shifts.csv'), 'utf8')).toBe(
      'area,officer,start,end\r\nUB-QT5A,UB-CA1,2026-03-01T17:00:00+07:00,2026-03-01T22:00:00+07:00\r\n',
    );
    expect(again.files['shifts.csv']).toEqual(unchanged(1));
  });

  it('writes who each category goes to back into categories.csv, and the second import changes nothing', async () => {
    const store = await freshStore();
    const dir = folder({
      'areas.csv': AREAS,
      'categories.csv':
        'code,label_vi,label_en,urgency,mediable,roles,informed\ntheft,Trộm cắp tài sản,Theft,high,no,police,\nneighbour_dispute,Mâu thuẫn hàng xóm,Neighbours,normal,yes,mediator group_head,police\nfire_risk,"Nguy cơ cháy, nổ",Fire risk,high,no,police duty_desk,\n',
    });
    await importProvince(store, dir, { province, now });
    const out = folder({});

    await exportProvince(store, out, { province });
    const again = await importProvince(store, out, { province, now });

    expect(readFileSync(join(out, 'categories.csv'), 'utf8')).toBe(
      'code,label_vi,label_en,urgency,mediable,roles,informed\r\n' +
        'theft,Trộm cắp tài sản,Theft,high,no,police,\r\n' +
        'neighbour_dispute,Mâu thuẫn hàng xóm,Neighbours,normal,yes,mediator group_head,police\r\n' +
        'fire_risk,"Nguy cơ cháy, nổ",Fire risk,high,no,police duty_desk,\r\n',
    );
    expect(again.files['categories.csv']).toEqual(unchanged(3));
  });

  it('refuses an officer whose phone is a landline, naming the row, and writes nothing', async () => {
    const store = await freshStore();
    const dir = folder({
      'areas.csv': AREAS,
      'officers.csv':
        'id,name,phone,role,access,areas,login\nUB-CA1,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,ca1@example.vn\nUB-TRUC,Trực ban Uông Bí,0203 3825 113,duty_desk,officer,UONG-BI,truc@example.vn\n',
    });

    const summary = await importProvince(store, dir, { province, now });

    expect([summary.written, summary.errors]).toEqual([
      false,
      [
        {
          file: 'officers.csv',
          line: 3,
          column: 3,
          columnName: 'phone',
          reason:
            'not a mobile number: +842033825113 (an SMS never reaches a landline; a Vietnamese mobile number (+84 or 0, then 9 digits starting 3, 5, 7, 8 or 9), e.g. 0912 345 678)',
        },
      ],
    ]);
    expect(await itemCount(store)).toBe(0);
  });

  it('forgets the old name of a renamed area', async () => {
    const store = await freshStore();
    await importProvince(store, folder({ 'areas.csv': AREAS }), { province, now });
    const renamed = AREAS.replace('Khu Quang Trung 5A', 'Tổ dân phố Quang Trung 5A');
    const summary = await importProvince(store, folder({ 'areas.csv': renamed }), { province, now });
    const codes = async (q: string) => (await areasByName(store, q)).map((h) => h.area.code);
    expect(summary.files['areas.csv']).toEqual({
      created: 0,
      updated: 1,
      unchanged: 2,
      rejected: 0,
      deleted: 1,
    });
    expect([await codes('khu quang'), await codes('to dan pho'), await codes('quang trung 5a')]).toEqual([
      [],
      ['UB-QT5A'],
      ['UB-QT5A'],
    ]);
  });

  it('moves a contact to its new place instead of leaving a copy in the old one', async () => {
    const store = await freshStore();
    const row = (area: string) =>
      `${CONTACTS_HEADER}C1,${area},Vũ Văn Thọ,Tổ trưởng,0912 345 678,group_head,public,2026-02-01\n`;
    await importProvince(store, folder({ 'areas.csv': AREAS, 'contacts.csv': row('UB-QT5A') }), {
      province,
      now,
    });
    const summary = await importProvince(store, folder({ 'contacts.csv': row('UONG-BI') }), {
      province,
      now,
    });
    expect(summary.files['contacts.csv']).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      deleted: 1,
    });
    expect([
      (await contactsOfArea(store, 'UB-QT5A')).length,
      (await contactsOfArea(store, 'UONG-BI')).map((c) => c.id),
    ]).toEqual([0, ['C1']]);
  });

  it('replaces the future shifts of a changed rota and keeps the past ones', async () => {
    const store = await freshStore();
    const officers =
      'id,name,phone,role,access,areas,login\nA,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,a@example.vn\nB,Trần Quốc Bảo,0900000013,police,officer,UONG-BI,b@example.vn\n';
    const roster = (officer: string) =>
      `id,area,officers,days,from,to,valid_from,valid_to\nNIGHT,UONG-BI,${officer},daily,18:00,06:00,-2d,+2d\nDAY,UONG-BI,A,daily,06:00,18:00,-2d,+2d\n`;
    await importProvince(
      store,
      folder({ 'areas.csv': AREAS, 'officers.csv': officers, 'roster.csv': roster('A') }),
      { province, now },
    );
    const summary = await importProvince(
      store,
      folder({
        'officers.csv': officers,
        'roster.csv':
          'id,area,officers,days,from,to,valid_from,valid_to\nNIGHT,UONG-BI,B,daily,18:00,06:00,-2d,+2d\n',
      }),
      { province, now },
    );
    const shifts = await shiftsInArea(store, 'UONG-BI', '2026-01-01', '2026-12-31');
    // 10:00 on 1 March: the nights of 27, 28 Feb stay A's (past), 1–3 March become B's; future days of DAY go.
    expect(shifts.map((s) => `${s.start.slice(5, 16)} ${s.officer} ${s.roster}`)).toEqual([
      '02-26T23:00 A DAY',
      '02-27T11:00 A NIGHT',
      '02-27T23:00 A DAY',
      '02-28T11:00 A NIGHT',
      '02-28T23:00 A DAY',
      '03-01T11:00 B NIGHT',
      '03-02T11:00 B NIGHT',
      '03-03T11:00 B NIGHT',
    ]);
    expect([summary.files['roster.csv'], summary.files['shifts (from roster.csv)']]).toEqual([
      { created: 0, updated: 1, unchanged: 0, rejected: 0, deleted: 1 },
      { created: 3, updated: 0, unchanged: 0, rejected: 0, deleted: 5 },
    ]);
  });

  it('removes an officer officers.csv no longer names, with their future shifts; past ones keep the id', async () => {
    const store = await freshStore();
    const officers = (...rows: string[]) => `id,name,phone,role,access,areas,login\n${rows.join('\n')}\n`;
    const anh = 'A,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,a@example.vn';
    const bao = 'B,Trần Quốc Bảo,0900000013,police,officer,UONG-BI,b@example.vn';
    const shifts =
      'area,officer,start,end\nUONG-BI,B,2026-02-28T08:00:00+07:00,2026-02-28T20:00:00+07:00\nUONG-BI,B,2026-03-02T08:00:00+07:00,2026-03-02T20:00:00+07:00\nUONG-BI,A,2026-03-02T08:00:00+07:00,2026-03-02T20:00:00+07:00\n';
    await importProvince(
      store,
      folder({ 'areas.csv': AREAS, 'officers.csv': officers(anh, bao), 'shifts.csv': shifts }),
      { province, now },
    );

    const summary = await importProvince(store, folder({ 'officers.csv': officers(anh) }), { province, now });
    const again = await importProvince(store, folder({ 'officers.csv': officers(anh) }), { province, now });

    const left = await shiftsInArea(store, 'UONG-BI', '2026-01-01', '2026-12-31');
    expect([summary.files['officers.csv'], summary.files['shifts.csv']]).toEqual([
      { created: 0, updated: 0, unchanged: 1, rejected: 0, deleted: 1 },
      { created: 0, updated: 0, unchanged: 0, rejected: 0, deleted: 1 },
    ]);
    expect([await getOfficer(store, 'B'), await getOfficer(store, 'A').then((o) => o?.phone)]).toEqual([
      undefined,
      '+84900000012',
    ]);
    expect(left.map((shift) => `${shift.start.slice(5, 16)} ${shift.officer}`)).toEqual([
      '02-28T01:00 B',
      '03-02T01:00 A',
    ]);
    expect(again.files['officers.csv']).toEqual(unchanged(1));
  });

  it('removes nobody when a row of officers.csv is rejected and only the good rows are written', async () => {
    const store = await freshStore();
    const header = 'id,name,phone,role,access,areas,login\n';
    await importProvince(
      store,
      folder({
        'areas.csv': AREAS,
        'officers.csv': `${header}A,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,a@example.vn\nB,Trần Quốc Bảo,0900000013,police,officer,UONG-BI,b@example.vn\n`,
      }),
      { province, now },
    );

    const summary = await importProvince(
      store,
      folder({
        'officers.csv': `${header}A,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,a@example.vn\nB,Trần Quốc Bảo,02033825113,police,officer,UONG-BI,b@example.vn\n`,
      }),
      { province, now, partial: true },
    );

    expect([summary.files['officers.csv'], (await getOfficer(store, 'B'))?.id]).toEqual([
      { created: 0, updated: 0, unchanged: 1, rejected: 1, deleted: 0 },
      'B',
    ]);
  });

  it(
    'derives a suggestion box for each group and each commune or ward',
    async () => {
      const store = await freshStore();
      await importProvince(store, DEMO, { province, now });
      const area = await getArea(store, 'UONG-BI-QT5A');
      const boxes = area ? await boxStore(store).boxesForArea(area) : [];
      expect(boxes).toEqual([
        {
          id: 'G-QN-G-UONG-BI-QT5A',
          name: 'Hòm thư góp ý Tổ tự quản an ninh trật tự khu Quang Trung 5A',
          area: 'UONG-BI-QT5A',
          kind: 'group',
          group: 'QN-G-UONG-BI-QT5A',
        },
        { id: 'A-UONG-BI', name: 'Hòm thư góp ý phường Uông Bí', area: 'UONG-BI', kind: 'area' },
      ]);
      expect((await groupsByArea(store, 'UONG-BI-QT5A')).map((g) => [g.model, g.leader])).toEqual([
        ['QN-M-UB-02', 'Vũ Văn Thọ'],
      ]);
      expect((await getOfficer(store, 'QN-ADMIN'))?.access).toBe('admin');
    },
    DEMO_TIMEOUT,
  );
});

describe('officers bound to their Cognito user (the sub column)', () => {
  const OFFICERS_HEADER = 'id,name,phone,role,access,areas,login';
  const A_ROW = 'A,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,a@example.vn';
  const B_ROW = 'B,Trần Quốc Bảo,0900000013,police,officer,UONG-BI,b@example.vn';
  const SUB_1 = '3b7e1c2a-7c1e-4f0e-9b57-8f2d6e0b9c11';
  const SUB_2 = '9d0c4c7e-5a1b-4c2d-8e3f-0a1b2c3d4e5f';

  it('keeps a sub recorded at sign-in when the folder is imported again, and exports it', async () => {
    const store = await freshStore();
    const dir = folder({ 'areas.csv': AREAS, 'officers.csv': `${OFFICERS_HEADER}\n${A_ROW}\n${B_ROW}\n` });
    await importProvince(store, dir, { province, now });
    const a = await getOfficer(store, 'A');
    const bound = a ? await officerLookup(store).bindSubject(a, SUB_1) : false;
    const again = await importProvince(store, dir, { province, now });
    const out = folder({});
    await exportProvince(store, out, { province });
    const fromExport = await importProvince(store, out, { province, now });

    expect(bound).toBe(true);
    expect(again.files['officers.csv']).toEqual(unchanged(2));
    expect((await getOfficer(store, 'A'))?.sub).toBe(SUB_1);
    expect((await officerLookup(store).officerBySubject(SUB_1))?.id).toBe('A');
    // The last column of each line: the header's, A's sub, none for B.
    expect(
      readFileSync(join(out, 'officers.csv'), 'utf8')
        .split('\r\n')
        .map((line) => line.split(',').at(-1)),
    ).toEqual(['sub', SUB_1, '', '']);
    expect(fromExport.files['officers.csv']).toEqual(unchanged(2));
  });

  it('sets a sub from the column (an admin invited the user), replacing the one the table held', async () => {
    const store = await freshStore();
    await importProvince(
      store,
      folder({ 'areas.csv': AREAS, 'officers.csv': `${OFFICERS_HEADER},sub\n${A_ROW},${SUB_1}\n` }),
      { province, now },
    );
    const moved = await importProvince(
      store,
      folder({
        'areas.csv': AREAS,
        'officers.csv': `${OFFICERS_HEADER},sub\n${A_ROW},${SUB_2.toUpperCase()}\n`,
      }),
      { province, now },
    );
    const lookup = officerLookup(store);

    expect(moved.files['officers.csv']).toMatchObject({ updated: 1 });
    expect([(await lookup.officerBySubject(SUB_2))?.id, await lookup.officerBySubject(SUB_1)]).toEqual([
      'A',
      undefined,
    ]);
    // Bound to SUB_2 now: a first sign-in of another user with A's address does not take it over.
    expect(await lookup.bindSubject({ id: 'A', login: 'a@example.vn' }, SUB_1)).toBe(false);
  });

  it('refuses a sub that is not one, or that two officers share, naming the row', async () => {
    const store = await freshStore();
    const summary = await importProvince(
      store,
      folder({
        'areas.csv': AREAS,
        'officers.csv': `${OFFICERS_HEADER},sub\n${A_ROW},${SUB_1}\n${B_ROW},${SUB_1}\nC,Lê Minh Châu,0900000014,police,officer,UONG-BI,c@example.vn,local-C\n`,
      }),
      { province, now },
    );

    expect(summary.written).toBe(false);
    expect(summary.errors).toEqual([
      {
        file: 'officers.csv',
        line: 3,
        column: 8,
        columnName: 'sub',
        reason: `sub ${SUB_1} is already officer A's (line 2)`,
      },
      {
        file: 'officers.csv',
        line: 4,
        column: 8,
        columnName: 'sub',
        reason:
          "a Cognito user's sub: 32 hex digits in groups of 8-4-4-4-12, e.g. 3b7e1c2a-7c1e-4f0e-9b57-8f2d6e0b9c11",
      },
    ]);
  });
});
