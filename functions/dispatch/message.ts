import type { Report } from '../reports/model';
import type { Province } from '../shared/province';
import { SMS_SEGMENT_CHARS, toGsm7 } from '../sms/model';

/** What the officer needs to decide to go: what, where, when, and the link. Never who or what was said. */
interface SmsFacts {
  report: Pick<Report, 'categoryLabel' | 'areaName' | 'parentName' | 'occurredAt' | 'createdAt'>;
  /** 0 = first dispatch; higher tiers are escalations and say that nobody has taken it yet. */
  tier: number;
  ackUrl: string;
  timeZone: string;
  /** Where the SMS comes from (smsTag), first, so that an officer tells it from any other SMS. */
  tag: string;
  /** When the SMS goes: a time on that same day is given without its date. */
  now: Date;
}

const ESCALATED = 'Chua ai nhan! ';
/** The one thing the link does: open the page where the officer takes the report on. */
const TAKE = '. Nhan xu ly: ';
const ELLIPSIS = '..';

/** "TuQuan QN": the system and the province, in every SMS it sends (the sender ID may be a number). */
export function smsTag(province: Pick<Province, 'rootArea'>): string {
  return `TuQuan ${province.rootArea.slice(0, 6)}`;
}

/**
 * "TuQuan QN: Trom cap tai san: Khu Quang Trung 5A, Uong Bi, xay ra 21:40. Nhan xu ly: https://…/api/ack/<token>"
 * — Vietnamese without diacritics (GSM-7), one 160-character segment. The time says which it is: when it
 * happened ("xay ra", if the resident said) or when the resident sent it ("gui"), with its date only when
 * that is another day than the SMS's. When the names are long, the parent place goes first, then the
 * date, then the time; only then are the place and the category shortened. The link never is.
 */
export function smsText(facts: SmsFacts): string {
  const head = `${facts.tag}: ${facts.tier > 0 ? ESCALATED : ''}`;
  const tail = `${TAKE}${facts.ackUrl}`;
  if (SMS_SEGMENT_CHARS - head.length - tail.length - ': '.length < 20)
    throw new Error('the acknowledge link leaves no room for the SMS text (baseUrl too long?)');

  const category = toGsm7(facts.report.categoryLabel.vi);
  const area = toGsm7(facts.report.areaName);
  const parent = facts.report.parentName ? toGsm7(facts.report.parentName) : '';
  const { time, date } = whenLabel(facts.report, facts.timeZone, facts.now);
  const tries = [
    { place: parent ? `${area}, ${parent}` : area, when: date },
    { place: area, when: date },
    { place: area, when: time },
    { place: area, when: '' },
  ];
  for (const { place, when } of tries) {
    const text = `${head}${category}: ${place}${when ? `, ${when}` : ''}${tail}`;
    if (text.length <= SMS_SEGMENT_CHARS) return text;
  }
  const room = SMS_SEGMENT_CHARS - head.length - tail.length - ': '.length;
  const categoryRoom = Math.max(room - area.length, Math.floor(room / 2));
  const shortCategory = shorten(category, categoryRoom);
  return `${head}${shortCategory}: ${shorten(area, room - shortCategory.length)}${tail}`;
}

/** "xay ra 21:40" (when it happened, as the resident said) or "gui 21:42" (when they sent it), and with the date. */
function whenLabel(report: SmsFacts['report'], timeZone: string, now: Date): { time: string; date: string } {
  const iso = report.occurredAt ?? report.createdAt;
  const label = report.occurredAt ? 'xay ra' : 'gui';
  const [clock, day] = localTime(iso, timeZone).split(' ') as [string, string];
  const time = `${label} ${clock}`;
  const sameDay = localTime(now.toISOString(), timeZone).split(' ')[1] === day;
  return { time, date: sameDay ? time : `${time} ${day}` };
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

/** The summary's link opens the list of its reports ("Xem": see), each with its own button to take it on. */
const SUMMARY_LINK = '. Xem: ';

/**
 * "TuQuan QN: 5 tin bao moi: Khu Quang Trung 5A (3), Phuong Yen Thanh (2). Xem: https://…/api/ack/summary/<token>" —
 * one GSM-7 segment: how many reports, in which places (most reports first), and the link to the page
 * listing them; places that do not fit are counted ("va 2 noi khac"). Names of places only: never
 * what a resident wrote.
 */
export function summaryText(facts: { places: readonly string[]; link: string; tag: string }): string {
  const counts = new Map<string, number>();
  for (const place of facts.places) {
    const name = toGsm7(place) || '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const head = `${facts.tag}: ${facts.places.length} tin bao moi: `;
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
