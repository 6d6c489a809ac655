import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv } from '../../infra/import/csv';
import { FILES, type FileKey } from '../../infra/import/rows';

/** Sizes of a generated province; the defaults are the "large province". */
export interface ProvinceSizes {
  communes: number;
  villages: number;
  models: number;
  groups: number;
  contacts: number;
  /** Police officers per commune/ward, each with a daily roster pattern (day and night alternate). */
  policePerCommune: number;
  /** Days before and after the import day that the roster covers (valid_from -N d, valid_to +M d). */
  rosterDaysBack: number;
  rosterDaysAhead: number;
}

export const LARGE_PROVINCE: ProvinceSizes = {
  communes: 170,
  villages: 1500,
  models: 264,
  groups: 5000,
  contacts: 20_000,
  policePerCommune: 2,
  rosterDaysBack: 8,
  rosterDaysAhead: 31,
};

/** Small, seeded, deterministic: the same sizes always give the same files. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const SYLLABLES = [
  'An',
  'Bình',
  'Cẩm',
  'Đông',
  'Đoàn',
  'Giang',
  'Hà',
  'Hải',
  'Hòa',
  'Hồng',
  'Hưng',
  'Khánh',
  'Lâm',
  'Liên',
  'Long',
  'Minh',
  'Nam',
  'Ngọc',
  'Phong',
  'Phú',
  'Quang',
  'Sơn',
  'Tân',
  'Thái',
  'Thanh',
  'Thắng',
  'Thịnh',
  'Thủy',
  'Tiến',
  'Trung',
  'Tường',
  'Uông',
  'Vân',
  'Việt',
  'Xuân',
  'Yên',
  'Bãi',
  'Cháy',
  'Đường',
  'Hoa',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô', 'Dương', 'Lý'];
const GIVEN = [
  'Văn Hùng',
  'Thị Lan',
  'Đức Anh',
  'Thị Mai',
  'Quốc Bảo',
  'Minh Châu',
  'Văn Thọ',
  'Thị Hạnh',
  'Văn Long',
];
const MODEL_KINDS = [
  'drug_crime_free_zone',
  'youth_law_club',
  'cultured_family_safe_group',
  'security_order_team',
  'five_family_solidarity',
  'border_fishing_wharf',
  'market',
];
const CONTACT_KINDS = ['group_head', 'mediation', 'village_chief', 'volunteer', 'party_cell', 'police'];

/**
 * Writes a province folder of the given sizes (the import's files: infra/provinces/README.md), for
 * the import bench and load tests. Phones are in the made-up 0900 xxx xxx range; codes are GEN-….
 */
export function generateProvince(
  folder: string,
  sizes: Partial<ProvinceSizes> = {},
  seed = 2025,
): Record<FileKey, number> {
  const s = { ...LARGE_PROVINCE, ...sizes };
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const name = (words: number) => Array.from({ length: words }, () => pick(SYLLABLES)).join(' ');
  const person = () => `${pick(FAMILY)} ${pick(GIVEN)}`;
  let phone = 100_000;
  const mobile = () => {
    phone++;
    return `0900 ${String(Math.floor(phone / 1000) % 1000).padStart(3, '0')} ${String(phone % 1000).padStart(3, '0')}`;
  };

  const communes = Array.from({ length: s.communes }, (_, i) => ({
    code: `GEN-C${i + 1}`,
    name: `${name(2)} ${i + 1}`,
    kind: i % 5 === 0 ? 'commune' : 'ward',
  }));
  const villages = Array.from({ length: s.villages }, (_, i) => {
    const commune = communes[i % communes.length] as (typeof communes)[number];
    return {
      code: `${commune.code}-V${Math.floor(i / communes.length) + 1}`,
      name: `Khu ${name(2)} ${i + 1}`,
      commune,
    };
  });
  const models = Array.from({ length: s.models }, (_, i) => {
    const commune = communes[i % communes.length] as (typeof communes)[number];
    return {
      id: `GEN-M${i + 1}`,
      name: `Mô hình tự quản ${name(2)} ${i + 1}`,
      kind: pick(MODEL_KINDS),
      commune,
    };
  });
  const modelsOf = new Map<string, string[]>();
  for (const m of models) modelsOf.set(m.commune.code, [...(modelsOf.get(m.commune.code) ?? []), m.id]);

  const rows: Record<FileKey, string[][]> = {
    areas: [
      ['QN', 'Quảng Ninh', 'province', ''],
      ...communes.map((c) => [c.code, c.name, c.kind, 'QN']),
      ...villages.map((v) => [v.code, v.name, 'residential_group', v.commune.code]),
    ],
    categories: [
      // Who each is texted to (routing by category): only police are on this province's roster.
      ['theft', 'Trộm cắp tài sản', 'Theft', 'high', 'no', 'police', ''],
      [
        'neighbour_dispute',
        'Mâu thuẫn hàng xóm',
        'Dispute between neighbours',
        'normal',
        'yes',
        'mediator police',
        '',
      ],
      ['other', 'Việc khác', 'Something else', 'low', 'no', 'police group_head', ''],
    ],
    models: models.map((m) => [
      m.id,
      m.name,
      m.kind,
      m.commune.code,
      String(2010 + (Number(m.id.slice(5)) % 15)),
      'active',
    ]),
    groups: Array.from({ length: s.groups }, (_, i) => {
      const village = villages[i % villages.length] as (typeof villages)[number];
      const model = pick(modelsOf.get(village.commune.code) ?? [models[0]?.id ?? '']);
      return [
        `GEN-G${i + 1}`,
        `Tổ tự quản ${name(2)} ${i + 1}`,
        model,
        village.code,
        person(),
        String(5 + (i % 30)),
        '2020',
        'active',
      ];
    }),
    contacts: [],
    officers: [],
    roster: [],
    shifts: [],
    playbooks: [],
  };
  for (let i = 0; i < s.contacts; i++) {
    const onCommune = i < s.communes * 3;
    const area = onCommune
      ? (communes[i % communes.length] as (typeof communes)[number]).code
      : (villages[i % villages.length] as (typeof villages)[number]).code;
    const kind = onCommune ? (i < s.communes ? 'police' : 'mediation') : pick(CONTACT_KINDS);
    const visibility = kind === 'party_cell' ? 'internal' : 'public';
    rows.contacts.push([
      `GEN-K${i + 1}`,
      area,
      person(),
      'Liên hệ',
      mobile(),
      kind,
      visibility,
      '2026-01-15',
    ]);
  }
  for (const commune of communes) {
    for (let k = 1; k <= s.policePerCommune; k++) {
      const id = `${commune.code}-CA${k}`;
      rows.officers.push([
        id,
        person(),
        mobile(),
        'police',
        'officer',
        commune.code,
        `${id.toLowerCase()}@example.vn`,
      ]);
      const day = k % 2 === 1;
      rows.roster.push([
        `${id}-R`,
        commune.code,
        id,
        'daily',
        day ? '06:00' : '18:00',
        day ? '18:00' : '06:00',
        `-${s.rosterDaysBack}d`,
        `+${s.rosterDaysAhead}d`,
      ]);
    }
  }
  rows.officers.push(['GEN-ADMIN', 'Quản trị tỉnh', mobile(), 'admin', 'admin', 'QN', 'admin@example.vn']);

  mkdirSync(folder, { recursive: true });
  const counts = {} as Record<FileKey, number>;
  for (const key of Object.keys(FILES) as FileKey[]) {
    counts[key] = rows[key].length;
    // As a province writes its files by hand: the columns it fills, the optional ones it leaves out.
    const width = rows[key][0]?.length ?? 0;
    if (rows[key].length > 0)
      writeFileSync(join(folder, FILES[key].file), formatCsv(FILES[key].columns.slice(0, width), rows[key]));
  }
  return counts;
}
