import type { Report } from '../reports/model';
import { reportTime } from '../reports/model';
import { SMS_SEGMENT_CHARS, toGsm7 } from '../sms/model';

/** What the officer needs to decide to go: what, where, when, and the link. Never who or what was said. */
interface SmsFacts {
  report: Pick<Report, 'categoryLabel' | 'areaName' | 'parentName' | 'occurredAt' | 'createdAt'>;
  /** 0 = first dispatch; higher tiers are escalations and say that nobody has taken it yet. */
  tier: number;
  ackUrl: string;
  timeZone: string;
}

const ESCALATED = 'Chua ai nhan! ';
const CONFIRM = '. Xac nhan: ';
const ELLIPSIS = '..';

/**
 * "Trom cap tai san: To 5, Phuong Uong Bi, 14:05 12/03. Xac nhan: https://…/api/ack/<token>" —
 * Vietnamese without diacritics (GSM-7), one 160-character segment. When the names are long, the
 * parent place goes first, then the place and the category are shortened; the link never is.
 */
export function smsText(facts: SmsFacts): string {
  const prefix = facts.tier > 0 ? ESCALATED : '';
  const when = localTime(reportTime(facts.report), facts.timeZone);
  const fixed = `${prefix}: , ${when}${CONFIRM}${facts.ackUrl}`;
  const room = SMS_SEGMENT_CHARS - fixed.length;
  if (room < 20) throw new Error('the acknowledge link leaves no room for the SMS text (baseUrl too long?)');

  let category = toGsm7(facts.report.categoryLabel.vi);
  const area = toGsm7(facts.report.areaName);
  const parent = facts.report.parentName ? toGsm7(facts.report.parentName) : '';
  let place = parent ? `${area}, ${parent}` : area;
  if (category.length + place.length > room) place = area;
  if (category.length + place.length > room) {
    const categoryRoom = Math.max(room - place.length, Math.floor(room / 2));
    category = shorten(category, categoryRoom);
    place = shorten(place, room - category.length);
  }
  return `${prefix}${category}: ${place}, ${when}${CONFIRM}${facts.ackUrl}`;
}

/** Cut at a word boundary when one is near the end, and mark the cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,.;:-]+$/, '')}${ELLIPSIS}`;
}

/** "14:05 12/03" on the province's wall clock. */
export function localTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')} ${part('day')}/${part('month')}`;
}

const SUMMARY_LINK = '. Xem: ';

/**
 * "5 tin bao moi: Khu Quang Trung 5A (3), Phuong Yen Thanh (2). Xem: https://…/api/ack/summary/<token>" —
 * one GSM-7 segment: how many reports, in which places (most reports first), and the link to the page
 * listing them; places that do not fit are counted ("va 2 noi khac"). Names of places only: never
 * what a resident wrote.
 */
export function summaryText(facts: { places: readonly string[]; link: string }): string {
  const counts = new Map<string, number>();
  for (const place of facts.places) {
    const name = toGsm7(place) || '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const head = `${facts.places.length} tin bao moi: `;
  const tail = `${SUMMARY_LINK}${facts.link}`;
  const room = SMS_SEGMENT_CHARS - head.length - tail.length;
  if (room < 20) throw new Error('the summary link leaves no room for the SMS text (baseUrl too long?)');
  const parts: string[] = [];
  for (const [name, n] of ranked) {
    const left = ranked.length - parts.length - 1;
    const candidate = [...parts, `${name} (${n})`].join(', ') + (left > 0 ? ` va ${left} noi khac` : '');
    if (candidate.length > room) break;
    parts.push(`${name} (${n})`);
  }
  let places = parts.join(', ');
  if (parts.length < ranked.length) {
    const others = ranked.length - parts.length;
    if (parts.length > 0) places = `${places} va ${others} noi khac`;
    else {
      // Not even the first place fits whole: shortened, as a report's SMS shortens its place.
      const [name, n] = ranked[0] as [string, number];
      const rest = others > 1 ? ` va ${others - 1} noi khac` : '';
      places = `${shorten(name, room - rest.length - ` (${n})`.length)} (${n})${rest}`;
    }
  }
  return `${head}${places}${tail}`;
}
