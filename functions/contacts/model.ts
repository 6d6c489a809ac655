export const CONTACT_KINDS = [
  'police',
  'fire',
  'medical',
  'mediation',
  'group_head',
  'village_chief',
  'party_cell',
  'volunteer',
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const CONTACT_VISIBILITY = ['public', 'internal'] as const;
type ContactVisibility = (typeof CONTACT_VISIBILITY)[number];

/** A number on a place's emergency list, as the place's team keeps it. */
export interface Contact {
  id: string;
  area: string;
  name: string;
  role: string;
  /** E.164. */
  phone: string;
  kind: ContactKind;
  /** Internal contacts (a private mobile, a back office line) are for officers only. */
  visibility: ContactVisibility;
  /** The day someone last checked that the number answers (YYYY-MM-DD). */
  verifiedAt: string;
}

/** What the public lookup shows of a contact; national numbers have no area and no check date. */
export interface PublicContact {
  name: string;
  role: string;
  phone: string;
  kind: ContactKind;
  area: string | null;
  verifiedAt: string | null;
}

/** Within a place: emergency services, then the people who lead the place, then the rest; then by name. */
const KIND_ORDER: Record<ContactKind, number> = {
  police: 0,
  fire: 1,
  medical: 2,
  group_head: 3,
  village_chief: 4,
  mediation: 5,
  party_cell: 6,
  volunteer: 7,
};

export function byKindThenName(a: Contact, b: Contact): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id)
  );
}

export function publicContact(c: Contact): PublicContact {
  return { name: c.name, role: c.role, phone: c.phone, kind: c.kind, area: c.area, verifiedAt: c.verifiedAt };
}

/** Vietnam's national emergency numbers: always listed last, never stored per place. */
export const NATIONAL_NUMBERS: readonly {
  phone: string;
  kind: ContactKind;
  name: { vi: string; en: string };
  role: { vi: string; en: string };
}[] = [
  {
    phone: '113',
    kind: 'police',
    name: { vi: 'Công an', en: 'Police' },
    role: { vi: 'Số khẩn cấp quốc gia', en: 'National emergency number' },
  },
  {
    phone: '114',
    kind: 'fire',
    name: { vi: 'Cứu hỏa', en: 'Fire' },
    role: { vi: 'Số khẩn cấp quốc gia', en: 'National emergency number' },
  },
  {
    phone: '115',
    kind: 'medical',
    name: { vi: 'Cấp cứu', en: 'Ambulance' },
    role: { vi: 'Số khẩn cấp quốc gia', en: 'National emergency number' },
  },
];

/** A phone as people read it: +84 numbers in national form, grouped (0912 345 678, 0203 3825 113). */
export function displayPhone(phone: string): string {
  if (!phone.startsWith('+84')) return phone;
  const national = `0${phone.slice(3)}`;
  if (national.length === 10) return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  if (national.length === 11) return `${national.slice(0, 4)} ${national.slice(4, 8)} ${national.slice(8)}`;
  return national;
}
