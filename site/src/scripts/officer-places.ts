import { LABELS, roleLabel } from '../../../functions/reports/labels';
import type { Lang } from '../i18n';

/**
 * How the console names places and people by their place: "phường Uông Bí", "Công an phường Uông Bí",
 * never an area code. Communes, wards and special zones take their kind's word (LABELS.placeKind);
 * villages, hamlets and residential groups carry theirs in the name already ("Khu Quang Trung 5A").
 * The served places at the head of the console come named from GET /api/officer/me.
 */
export interface Place {
  name: string;
  kind: string;
}

const upperFirst = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** "phường Uông Bí" / "Uông Bí ward"; a place whose name carries its kind, as it is. */
export function placeName(place: Place, lang: Lang): string {
  const word = LABELS.placeKind[place.kind]?.[lang];
  if (!word) return place.name;
  return lang === 'en' ? `${place.name} ${word}` : `${word} ${place.name}`;
}

/** A place heading a line or an option: "Phường Uông Bí", "Uông Bí ward". */
export function placeTitle(place: Place, lang: Lang): string {
  return upperFirst(placeName(place, lang));
}

/**
 * A role at a place: "Công an phường Uông Bí", "Trưởng thôn Hải Tiến" (not "Trưởng thôn Thôn Hải
 * Tiến"), "Uông Bí police", "Mediator, Khu Quang Trung 5A". Without a place, the role alone.
 */
export function roleAt(role: string, place: Place | undefined, lang: Lang): string {
  if (!place) return roleLabel(role, lang);
  const where = placeName(place, lang);
  const special = LABELS.roleAt[role]?.[lang];
  if (special) return special.replace('{place}', where).replace('{name}', place.name);
  const noun = upperFirst(roleLabel(role, lang));
  if (lang === 'en') return `${noun}, ${where}`;
  const last = noun.split(' ').at(-1)?.toLocaleLowerCase('vi');
  const [first, ...rest] = where.split(' ');
  return rest.length > 0 && first?.toLocaleLowerCase('vi') === last
    ? `${noun} ${rest.join(' ')}`
    : `${noun} ${where}`;
}

/** An element's attributes, with lang="vi" on an English page: for a Vietnamese name (a place, a person). */
export const viName = (lang: Lang, attributes: Record<string, string> = {}): Record<string, string> =>
  lang === 'en' ? { ...attributes, lang: 'vi' } : attributes;
