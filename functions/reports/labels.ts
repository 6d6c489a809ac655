import type { Lang } from '../shared/i18n';

/** Words for what follow-up and the acknowledge pages show; unknown codes are shown as they are. */
const STATUS: Record<string, { vi: string; en: string }> = {
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  dispatched: { vi: 'Đã báo cho cán bộ trực', en: 'Sent to the officers on duty' },
  escalated: { vi: 'Đã báo lên cấp trên', en: 'Passed up to the next level' },
  acknowledged: { vi: 'Cán bộ đã nhận tin', en: 'Seen by an officer' },
  in_progress: { vi: 'Đang xử lý', en: 'Being handled' },
  resolved: { vi: 'Đã giải quyết', en: 'Resolved' },
  mediated: { vi: 'Đã hòa giải', en: 'Settled by mediation' },
  referred: { vi: 'Đã chuyển cơ quan có thẩm quyền', en: 'Passed to the competent authority' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
  read: { vi: 'Đã đọc', en: 'Read' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  hidden: { vi: 'Không hiển thị', en: 'Withheld' },
};

const ROLE: Record<string, { vi: string; en: string }> = {
  police: { vi: 'công an xã/phường', en: 'commune/ward police' },
  group_head: { vi: 'tổ trưởng', en: 'group head' },
  mediator: { vi: 'hòa giải viên', en: 'mediator' },
  village_chief: { vi: 'trưởng thôn', en: 'village chief' },
  party_cell: { vi: 'bí thư chi bộ', en: 'party cell secretary' },
  duty_desk: { vi: 'trực ban', en: 'duty desk' },
  officer: { vi: 'cán bộ', en: 'officer' },
  admin: { vi: 'cán bộ tỉnh', en: 'province staff' },
};

export function statusLabel(status: string, lang: Lang): string {
  return STATUS[status]?.[lang] ?? status;
}

export function roleLabel(role: string, lang: Lang): string {
  return ROLE[role]?.[lang] ?? role;
}

/** The pages' instants, shown on the province's wall clock (the box pages of suggestions/ use it too). */
export { localDateTime } from '../shared/time';
