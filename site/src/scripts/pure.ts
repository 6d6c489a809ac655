/**
 * What the page scripts compute without touching the page: request bodies from form fields, error
 * ids from the API's field paths, the receipt's grouping, idempotency keys.
 */
export type Fields = Record<string, string>;

/** "7kq2m9xd4htcw8rb" → "7KQ2-M9XD-4HTC-W8RB": four groups of four, easy to read aloud. */
export function groupReceipt(receipt: string): string {
  const compact = receipt.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return compact.match(/.{1,4}/g)?.join('-') ?? '';
}

/** The API names nested fields with dots ("contact.phone"); the form names them flat ("contactPhone"). */
export function fieldId(path: string): string {
  return path.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());
}

/**
 * A datetime-local value ("2025-03-02T21:15") with the offset it had where the person is, as the API
 * wants it ("2025-03-02T21:15:00+07:00"). `offsetMinutes` is east of UTC (Viet Nam: 420).
 */
export function withOffset(local: string, offsetMinutes: number): string {
  const seconds = /T\d\d:\d\d$/.test(local) ? `${local}:00` : local;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${seconds}${sign}${hh}:${mm}`;
}

function given(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The JSON body of POST /api/reports from the form's fields (the same names a form post uses). */
export function reportBody(fields: Fields, offsetAt: (local: string) => number): Record<string, unknown> {
  const occurredAt = given(fields, 'occurredAt');
  const name = given(fields, 'contactName');
  const phone = given(fields, 'contactPhone');
  const body: Record<string, unknown> = {
    area: fields.area ?? '',
    category: fields.category ?? '',
    description: fields.description ?? '',
  };
  if (occurredAt) body.occurredAt = withOffset(occurredAt, offsetAt(occurredAt));
  const place = given(fields, 'place');
  if (place) body.place = place;
  if (name || phone) body.contact = { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
  const website = given(fields, 'website');
  if (website) body.website = website;
  return body;
}

/** The JSON body of POST /api/suggestions: never any contact, suggestions are anonymous. */
export function suggestionBody(fields: Fields): Record<string, unknown> {
  const body: Record<string, unknown> = { box: fields.box ?? '', text: fields.text ?? '' };
  const topic = given(fields, 'topic');
  if (topic) body.topic = topic;
  const website = given(fields, 'website');
  if (website) body.website = website;
  return body;
}

/** The field problems of an API error answer, keyed by the form's field ids. */
export function fieldErrors(answer: unknown): Record<string, string> {
  const fields = (answer as { error?: { fields?: Record<string, unknown> } } | null)?.error?.fields;
  if (!fields || typeof fields !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    if (typeof message === 'string') out[fieldId(path)] = message;
  }
  return out;
}

/** The message of an API error answer, if it has one. */
export function errorMessage(answer: unknown): string | undefined {
  const message = (answer as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' ? message : undefined;
}

/** A v4 UUID for the Idempotency-Key header, also where crypto.randomUUID is missing (plain http). */
export interface RandomSource {
  getRandomValues(array: Uint8Array): Uint8Array;
  randomUUID?: () => string;
}

export function newKey(random: RandomSource): string {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
