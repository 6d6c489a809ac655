import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Area } from '../../functions/areas/model';
import { parseProvince } from '../../functions/shared/province';
import type { StoredRecords } from '../../infra/import/validate';
import { validateFolder } from '../../infra/import/validate';
import provinceJson from '../../infra/provinces/quang-ninh.json';

const province = parseProvince(provinceJson, 'quang-ninh.json');
const now = new Date('2026-03-01T03:00:00Z');
const folders: string[] = [];

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-validate-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function stored(areas: Area[] = []): StoredRecords {
  return {
    areas: async (codes) => new Map(areas.filter((a) => codes.includes(a.code)).map((a) => [a.code, a])),
    officers: async () => new Map(),
    models: async () => new Map(),
    categories: async () => new Set(),
  };
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const AREAS =
  'code,name,kind,parent\nQN,Quảng Ninh,province,\nUONG-BI,Uông Bí,ward,QN\nUB-QT5A,Khu Quang Trung 5A,residential_group,UONG-BI\n';

describe('validateFolder', () => {
  it('names file, line, column and reason for a bad phone, an unknown parent and a duplicate code', async () => {
    const dir = folder({
      'areas.csv': `${AREAS}UB-QT6,Khu Quang Trung 6,residential_group,NOWHERE\nUONG-BI,Uông Bí lần hai,ward,QN\n`,
      'contacts.csv':
        'id,area,name,role,phone,kind,visibility,verified_at\nC1,UB-QT5A,Vũ Văn Thọ,Tổ trưởng,0912 345 678,group_head,public,2026-02-01\nC2,UB-QT5A,Hòa giải,Hòa giải viên,12345,mediation,public,2026-02-01\n',
    });
    const result = await validateFolder(dir, { province, now, stored: stored() });
    expect(result.errors).toEqual([
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
        reason: 'not a phone number: "12345" (e.g. 0912 345 678 or +84912345678)',
      },
    ]);
    expect(result.counts).toEqual({ areas: { rows: 5, rejected: 2 }, contacts: { rows: 2, rejected: 1 } });
    expect(result.contacts.map((c) => c.value)).toEqual([
      {
        id: 'C1',
        area: 'UB-QT5A',
        name: 'Vũ Văn Thọ',
        role: 'Tổ trưởng',
        phone: '+84912345678',
        kind: 'group_head',
        visibility: 'public',
        verifiedAt: '2026-02-01',
      },
    ]);
  });

  it('tells rows that refer to a rejected row which line rejected it', async () => {
    const dir = folder({
      'areas.csv':
        'code,name,kind,parent\nQN,Quảng Ninh,province,\nUONG-BI,Uông Bí,town,QN\nUB-QT5A,Khu Quang Trung 5A,residential_group,UONG-BI\n',
    });
    const result = await validateFolder(dir, { province, now, stored: stored() });
    expect(result.errors).toEqual([
      {
        file: 'areas.csv',
        line: 3,
        column: 3,
        columnName: 'kind',
        reason: 'one of: province, commune, ward, special_zone, village, hamlet, residential_group',
      },
      {
        file: 'areas.csv',
        line: 4,
        column: 4,
        columnName: 'parent',
        reason: 'area UONG-BI is rejected (areas.csv line 3)',
      },
    ]);
  });

  it('keeps the area tree in two tiers under the configured province', async () => {
    const dir = folder({
      'areas.csv':
        'code,name,kind,parent\nHN,Hà Nội,province,\nQN,Quảng Ninh,province,\nUONG-BI,Uông Bí,ward,QN\nX,Khu X,village,QN\nY,Khu Y,village,X\n',
    });
    const result = await validateFolder(dir, { province, now, stored: stored() });
    expect(result.errors.map((e) => `${e.line}:${e.columnName}: ${e.reason}`)).toEqual([
      "2:code: the province's code is QN (its config's rootArea)",
      "5:parent: a village's parent must be a commune, ward or special zone, not province QN",
      "6:parent: a village's parent must be a commune, ward or special zone, not village X",
    ]);
    expect(result.areas.map((a) => a.value)).toEqual([
      { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
      { code: 'UONG-BI', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
    ]);
  });

  it('resolves references to areas already in the table when the folder holds only contacts', async () => {
    const dir = folder({
      'contacts.csv':
        'id,area,name,role,phone,kind,visibility,verified_at\nC1,UB-QT5A,Vũ Văn Thọ,Tổ trưởng,0912345678,group_head,public,2026-02-01\n',
    });
    const area: Area = {
      code: 'UB-QT5A',
      name: 'Khu Quang Trung 5A',
      kind: 'residential_group',
      parent: 'UONG-BI',
      ancestors: ['QN', 'UONG-BI'],
    };
    const result = await validateFolder(dir, { province, now, stored: stored([area]) });
    expect({ errors: result.errors, contacts: result.contacts.length }).toEqual({ errors: [], contacts: 1 });
  });

  it('refuses missing and unknown columns and unknown files, naming the expected ones', async () => {
    const dir = folder({
      'areas.csv': 'code,name,kind,parent_code\nQN,Quảng Ninh,province,\n',
      'people.csv': 'a\n1\n',
    });
    const result = await validateFolder(dir, { province, now, stored: stored() });
    expect(result.errors).toEqual([
      {
        file: 'people.csv',
        reason:
          'unknown data file (expected: areas.csv, categories.csv, models.csv, groups.csv, contacts.csv, officers.csv, roster.csv, shifts.csv, playbooks.csv)',
      },
      {
        file: 'areas.csv',
        line: 1,
        reason: 'missing column(s) parent; unknown column(s) parent_code (expected: code,name,kind,parent)',
      },
    ]);
  });

  it('checks the roster: officers must serve the area, windows must be ordered, shifts at most a day', async () => {
    const dir = folder({
      'areas.csv': `${AREAS}CAM-PHA,Cẩm Phả,ward,QN\n`,
      'officers.csv':
        'id,name,phone,role,access,areas,login\nUB-CA1,Nguyễn Đức Anh,0900000012,police,officer,UONG-BI,ca1@example.vn\nCP-CA1,Trần Quốc Bảo,0900000013,police,officer,CAM-PHA,CA1@example.vn\n',
      'roster.csv':
        'id,area,officers,days,from,to,valid_from,valid_to\nR1,UB-QT5A,UB-CA1,daily,18:00,06:00,-7d,+31d\nR2,UONG-BI,CP-CA1,weekdays,06:00,18:00,-7d,+31d\nR3,UONG-BI,UB-CA1,someday,25:00,06:00,+3d,-3d\n',
      'shifts.csv':
        'area,officer,start,end\nUONG-BI,UB-CA1,2026-03-01T18:00:00+07:00,2026-03-02T18:00:01+07:00\n',
    });
    const result = await validateFolder(dir, { province, now, stored: stored() });
    expect(result.errors.map((e) => `${e.file}:${e.line}:${e.columnName}: ${e.reason}`)).toEqual([
      "officers.csv:3:login: login ca1@example.vn is already officer UB-CA1's (line 2)",
      'roster.csv:3:officers: officer CP-CA1 is rejected (officers.csv line 3)',
      'roster.csv:4:days: daily, weekdays, weekends, or days like "mon tue sat"',
      'roster.csv:4:from: a time as HH:MM (00:00 to 23:59)',
      'shifts.csv:2:end: more than 24 hours after start',
    ]);
    expect(result.roster.map((r) => r.value)).toEqual([
      {
        id: 'R1',
        area: 'UB-QT5A',
        officers: ['UB-CA1'],
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        from: '18:00',
        to: '06:00',
        validFrom: '-7d',
        validTo: '+31d',
      },
    ]);
    expect(result.rosterIdsMentioned).toEqual(['R1', 'R2', 'R3']);
  });

  it('refuses an officer on duty in a place they do not serve, and a window that ends before it starts', async () => {
    const dir = folder({
      'areas.csv': `${AREAS}CAM-PHA,Cẩm Phả,ward,QN\n`,
      'officers.csv':
        'id,name,phone,role,access,areas,login\nCP-CA1,Trần Quốc Bảo,0900000013,police,officer,CAM-PHA,cp@example.vn\n',
      'roster.csv':
        'id,area,officers,days,from,to,valid_from,valid_to\nR1,UB-QT5A,CP-CA1,daily,18:00,06:00,-7d,+31d\nR2,CAM-PHA,CP-CA1,daily,06:00,18:00,2026-03-10,2026-03-01\n',
    });
    const result = await validateFolder(dir, { province, now, stored: stored() });
    expect(result.errors.map((e) => `${e.line}:${e.columnName}: ${e.reason}`)).toEqual([
      '2:officers: officer CP-CA1 does not serve area UB-QT5A',
      '3:valid_to: before valid_from',
    ]);
  });

  it('keeps a group inside its model’s place', async () => {
    const dir = folder({
      'areas.csv': `${AREAS}CAM-PHA,Cẩm Phả,ward,QN\n`,
      'models.csv':
        'id,name,kind,area,started,status\nM1,Khu dân cư an toàn,drug_crime_free_zone,UONG-BI,2019,\n',
      'groups.csv':
        'id,name,model,area,leader,members,founded,status\nG1,Tổ tự quản khu 5A,M1,UB-QT5A,Vũ Văn Thọ,12,2021-03,active\nG2,Tổ tự quản Cẩm Phả,M1,CAM-PHA,Bùi Văn Tuấn,9,2021,active\nG3,Tổ tự quản chợ,M1,UB-QT5A,Mai Văn Khánh,0,2021,sleeping\n',
    });
    const result = await validateFolder(dir, { province, now, stored: stored() });
    expect(result.errors.map((e) => `${e.line}:${e.columnName}: ${e.reason}`)).toEqual([
      '3:area: area CAM-PHA is not in the place of model M1 (UONG-BI)',
      '4:members: at least 1 member',
      '4:status: one of: active, paused, dissolved',
    ]);
    expect(result.models.map((m) => m.value)).toEqual([
      {
        id: 'M1',
        name: 'Khu dân cư an toàn',
        kind: 'drug_crime_free_zone',
        area: 'UONG-BI',
        started: '2019',
        status: 'active',
      },
    ]);
  });

  it('refuses a landline as an officer’s phone, naming the row and the column, and keeps it for a contact', async () => {
    const dir = folder({
      'areas.csv': AREAS,
      'officers.csv':
        'id,name,phone,role,access,areas,login\nUB-CA1,Vũ Hoàng Giang,0900 000 040,police,officer,UONG-BI,ca1@example.vn\nUB-TRUC,Trực ban phường,0203 3825 113,duty_desk,officer,UONG-BI,truc@example.vn\nUB-CA9,Người nước ngoài,+33 6 12 34 56 78,police,officer,UONG-BI,ca9@example.vn\n',
      'contacts.csv':
        'id,area,name,role,phone,kind,visibility,verified_at\nC1,UONG-BI,Công an phường Uông Bí,Trực ban,0203 3825 113,police,public,2026-02-01\n',
    });

    const result = await validateFolder(dir, { province, now, stored: stored() });

    expect(result.errors).toEqual([
      {
        file: 'officers.csv',
        line: 3,
        column: 3,
        columnName: 'phone',
        reason:
          'not a mobile number: +842033825113 (an SMS never reaches a landline; a Vietnamese mobile number (+84 or 0, then 9 digits starting 3, 5, 7, 8 or 9), e.g. 0912 345 678)',
      },
      {
        file: 'officers.csv',
        line: 4,
        column: 3,
        columnName: 'phone',
        reason:
          'not a mobile number: +33612345678 (an SMS never reaches a landline; a Vietnamese mobile number (+84 or 0, then 9 digits starting 3, 5, 7, 8 or 9), e.g. 0912 345 678)',
      },
    ]);
    expect(result.officers.map((o) => [o.value.id, o.value.phone])).toEqual([['UB-CA1', '+84900000040']]);
    expect(result.contacts.map((c) => c.value.phone)).toEqual(['+842033825113']);
  });

  it('reads who each category goes to, and refuses an unknown role, an empty list and a mediator alone for what is not mediable', async () => {
    const dir = folder({
      'categories.csv': [
        'code,label_vi,label_en,urgency,mediable,roles,informed',
        'theft,Trộm cắp tài sản,Theft,high,no,police,',
        'neighbour_dispute,Mâu thuẫn hàng xóm,Neighbours,normal,yes,mediator  group_head,police',
        'fire_risk,"Nguy cơ cháy, nổ",Fire risk,high,no,police duty_desk,',
        'drugs,Ma túy,Drugs,high,no,policeman,',
        'fight,Đánh nhau,Fight,high,no,,',
        'robbery,Cướp,Robbery,high,no,mediator,police',
        'noise,Ồn ào,Noise,low,yes,group_head,group_head admin',
        '',
      ].join('\n'),
    });

    const result = await validateFolder(dir, { province, now, stored: stored() });

    expect(result.errors.map((e) => `${e.file}:${e.line}:${e.column}:${e.columnName}: ${e.reason}`)).toEqual([
      'categories.csv:5:6:roles: unknown role "policeman" (one of: police, group_head, mediator, village_chief, party_cell, duty_desk)',
      'categories.csv:6:6:roles: required: who is texted, roles separated by spaces (one of: police, group_head, mediator, village_chief, party_cell, duty_desk)',
      'categories.csv:7:6:roles: a category that is not mediable must go to someone other than mediators (e.g. police): a mediator is never the only one texted',
      'categories.csv:8:7:informed: unknown role "admin" (one of: police, group_head, mediator, village_chief, party_cell, duty_desk)',
    ]);
    expect(result.categories.map((c) => [c.value.code, c.value.roles, c.value.informed])).toEqual([
      ['theft', ['police'], []],
      ['neighbour_dispute', ['mediator', 'group_head'], ['police']],
      ['fire_risk', ['police', 'duty_desk'], []],
    ]);
  });

  it('refuses a role both texted to take a category and informed of it', async () => {
    const dir = folder({
      'categories.csv':
        'code,label_vi,label_en,urgency,mediable,roles,informed\nnoise,Ồn ào,Noise,low,yes,group_head mediator,police mediator\n',
    });

    const result = await validateFolder(dir, { province, now, stored: stored() });

    expect(result.errors).toEqual([
      {
        file: 'categories.csv',
        line: 2,
        column: 7,
        columnName: 'informed',
        reason: 'mediator is already in roles (texted to take it)',
      },
    ]);
  });

  it('refuses a categories.csv without the roles column: who each category goes to must be said', async () => {
    const dir = folder({
      'categories.csv': 'code,label_vi,label_en,urgency,mediable\ntheft,Trộm cắp tài sản,Theft,high,no\n',
    });

    const result = await validateFolder(dir, { province, now, stored: stored() });

    expect(result.errors).toEqual([
      {
        file: 'categories.csv',
        line: 1,
        reason: 'missing column(s) roles (expected: code,label_vi,label_en,urgency,mediable,roles,informed)',
      },
    ]);
  });
});
