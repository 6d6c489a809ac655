import { describe, expect, it } from 'vitest';
import { servedPlaceLabel } from '../../functions/officers/model';
import { roleLabel } from '../../functions/reports/labels';
import { placeName, placeTitle, roleAt, viName } from '../../site/src/scripts/officer-places';

const UONG_BI = { name: 'Uông Bí', kind: 'ward' } as const;
const QT5A = { name: 'Khu Quang Trung 5A', kind: 'residential_group' } as const;

describe('how the console names places', () => {
  it('gives communes, wards and special zones their kind, and leaves a name that carries its own as it is', () => {
    expect([
      placeName(UONG_BI, 'vi'),
      placeName({ name: 'Đường Hoa', kind: 'commune' }, 'vi'),
      placeName({ name: 'Cô Tô', kind: 'special_zone' }, 'vi'),
      placeName(QT5A, 'vi'),
      placeTitle(UONG_BI, 'vi'),
      placeName(UONG_BI, 'en'),
      placeName({ name: 'Vân Đồn', kind: 'special_zone' }, 'en'),
      placeName({ name: 'Thôn Nam Hà', kind: 'village' }, 'en'),
    ]).toEqual([
      'phường Uông Bí',
      'xã Đường Hoa',
      'đặc khu Cô Tô',
      'Khu Quang Trung 5A',
      'Phường Uông Bí',
      'Uông Bí ward',
      'Vân Đồn special zone',
      'Thôn Nam Hà',
    ]);
  });

  it('names the places an officer serves as /api/officer/me gives them, the province as the whole of it', () => {
    expect([
      servedPlaceLabel({ name: 'Quảng Ninh', kind: 'province' }),
      servedPlaceLabel(UONG_BI),
      servedPlaceLabel({ name: 'Cô Tô', kind: 'special_zone' }),
      servedPlaceLabel(QT5A),
    ]).toEqual([
      { vi: 'Toàn tỉnh Quảng Ninh', en: 'All of Quảng Ninh province' },
      { vi: 'Phường Uông Bí', en: 'Uông Bí ward' },
      { vi: 'Đặc khu Cô Tô', en: 'Cô Tô special zone' },
      { vi: 'Khu Quang Trung 5A', en: 'Khu Quang Trung 5A' },
    ]);
  });

  it('names a role by its place instead of a code, without saying the kind twice', () => {
    expect([
      roleAt('police', UONG_BI, 'vi'),
      roleAt('police', { name: 'Vân Đồn', kind: 'special_zone' }, 'vi'),
      roleAt('mediator', QT5A, 'vi'),
      roleAt('village_chief', { name: 'Thôn Hải Tiến', kind: 'village' }, 'vi'),
      roleAt('police', undefined, 'vi'),
      roleAt('police', UONG_BI, 'en'),
      roleAt('mediator', QT5A, 'en'),
    ]).toEqual([
      'Công an phường Uông Bí',
      'Công an đặc khu Vân Đồn',
      'Hòa giải viên Khu Quang Trung 5A',
      'Trưởng thôn Hải Tiến',
      roleLabel('police', 'vi'),
      'Uông Bí police',
      'Mediator, Khu Quang Trung 5A',
    ]);
  });
});

describe('Vietnamese names on an English page', () => {
  it('are marked lang="vi" there, and left as they are on a Vietnamese page', () => {
    expect([viName('en'), viName('en', { class: 'name' }), viName('vi', { class: 'name' })]).toEqual([
      { lang: 'vi' },
      { class: 'name', lang: 'vi' },
      { class: 'name' },
    ]);
  });
});
