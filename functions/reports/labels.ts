import type { Lang } from '../shared/i18n';

/** Words for what follow-up and the acknowledge pages show; unknown codes are shown as they are. */
const STATUS: Record<string, { vi: string; en: string }> = {
  // Police read "Đã tiếp nhận" as "someone took it in": a report nobody has taken says so plainly.
  received: { vi: 'Mới – chưa ai nhận', en: 'New – nobody has taken it' },
  dispatched: {
    vi: 'Đã nhắn cán bộ trực – chưa ai nhận',
    en: 'Texted to the officers on duty – nobody has taken it',
  },
  escalated: { vi: 'Chưa ai nhận – đã báo lên cấp trên', en: 'Nobody took it – passed up' },
  acknowledged: { vi: 'Đã có cán bộ nhận', en: 'An officer has taken it' },
  in_progress: { vi: 'Đang xử lý', en: 'Being handled' },
  resolved: { vi: 'Đã giải quyết xong', en: 'Resolved' },
  mediated: { vi: 'Đã hòa giải xong', en: 'Settled by mediation' },
  referred: { vi: 'Đã chuyển nơi khác xử lý', en: 'Passed to another office' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  read: { vi: 'Đã đọc', en: 'Read' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  hidden: { vi: 'Đã ẩn', en: 'Withheld' },
};

/** A suggestion is read, not taken: its first status has words of its own. */
const SUGGESTION_STATUS: Record<string, { vi: string; en: string }> = {
  received: { vi: 'Mới – chưa ai đọc', en: 'New – not read yet' },
};

const ROLE: Record<string, { vi: string; en: string }> = {
  police: { vi: 'công an xã, phường, đặc khu', en: 'local police' },
  group_head: { vi: 'tổ trưởng tổ tự quản', en: 'team leader' },
  mediator: { vi: 'hòa giải viên', en: 'mediator' },
  village_chief: { vi: 'trưởng thôn', en: 'village head' },
  party_cell: { vi: 'bí thư chi bộ', en: 'party cell secretary' },
  duty_desk: { vi: 'trực ban công an', en: 'police duty desk' },
  officer: { vi: 'cán bộ', en: 'officer' },
  admin: { vi: 'quản trị tỉnh', en: 'province administrator' },
};

/**
 * The kinds of place whose names do not carry them ("phường Uông Bí", "Uông Bí ward"); villages,
 * hamlets and residential groups do ("Khu Quang Trung 5A"). The officer console names places with them.
 */
const PLACE_KIND: Record<string, { vi: string; en: string }> = {
  province: { vi: 'tỉnh', en: 'province' },
  commune: { vi: 'xã', en: 'commune' },
  ward: { vi: 'phường', en: 'ward' },
  special_zone: { vi: 'đặc khu', en: 'special zone' },
};

/**
 * A role at one place where the bare role does not read well before it (site/src/scripts/officer-places.ts):
 * {place} is "phường Uông Bí", {name} "Uông Bí".
 */
const ROLE_AT: Record<string, { vi: string; en: string }> = {
  police: { vi: 'Công an {place}', en: '{name} police' },
};

/** The tables themselves, read by the test that every label is written in both languages. */
export const LABELS = {
  status: STATUS,
  suggestionStatus: SUGGESTION_STATUS,
  role: ROLE,
  placeKind: PLACE_KIND,
  roleAt: ROLE_AT,
};

export function statusLabel(status: string, lang: Lang): string {
  return STATUS[status]?.[lang] ?? status;
}

export function suggestionStatusLabel(status: string, lang: Lang): string {
  return SUGGESTION_STATUS[status]?.[lang] ?? statusLabel(status, lang);
}

export function roleLabel(role: string, lang: Lang): string {
  return ROLE[role]?.[lang] ?? role;
}

/** The pages' instants, shown on the province's wall clock (the box pages of suggestions/ use it too). */
export { localDateTime } from '../shared/time';
