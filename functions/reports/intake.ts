import { createHmac } from 'node:crypto';
import type { Area } from '../areas/area';
import type { Category } from '../categories/category';
import { type FieldProblem, InvalidInput } from '../shared/errors';
import { type IdempotencyStore, recordedAnswer, rememberAnswer } from '../shared/idempotency';
import type { Clock, Ids } from '../shared/ports';
import { formatReceipt, type ReceiptRef, receiptDigest } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';
import { foldForSearch } from '../shared/text';
import { commitWrite, type Undo, withUndo } from '../shared/undo';
import type { Report } from './report';
import { MAX_AGE_DAYS, type ReportInput } from './schema';

/** Without a key, the same place, category and text within this window is one incident. */
export const DUPLICATE_WINDOW_MINUTES = 10;
/** Phones' clocks drift: an `occurredAt` this far ahead of ours is still "now". */
export const CLOCK_SKEW_MINUTES = 5;

export interface ReportWriter {
  putReceipt(digest: string, ref: ReceiptRef, createdAt: string): Promise<'created' | 'exists'>;
  deleteReceipt(digest: string, ref: ReceiptRef): Promise<void>;
  /** Takes the duplicate slot of a text, or returns the id of the report holding it. */
  claimDuplicateSlot(
    slot: { digest: string; reportId: string; createdAt: string; expiresAt: number },
    nowSeconds: number,
  ): Promise<string | undefined>;
  releaseDuplicateSlot(digest: string, reportId: string): Promise<void>;
  putReport(report: Report): Promise<'created' | 'exists'>;
  /** A consistent read: is this report stored? (after a write whose answer was lost) */
  reportStored(id: string): Promise<boolean>;
}

export interface IntakePorts {
  areas: { getArea(code: string): Promise<Area | undefined> };
  categories: { getCategory(code: string): Promise<Category | undefined> };
  reports: ReportWriter;
  idempotency: IdempotencyStore;
  secrets: Secrets;
  clock: Clock;
  ids: Ids;
  newReceipt(): string;
}

export interface Submitted {
  id: string;
  /** Formatted XXXX-XXXX-XXXX-XXXX; shown once, stored only as a keyed hash. */
  receipt: string;
  status: 'received';
}

/** What an idempotency record promises: enough to redo the writes and give the same answer. */
interface Promised {
  id: string;
  receipt: string;
  createdAt: string;
}

/**
 * POST /api/reports. Checks what needs the store and the clock, then stores the report with its
 * receipt. Writes go receipt → (duplicate slot) → report, the report last: it is the commit point
 * that puts the report in the dispatch queue. If a write fails, the earlier ones are undone.
 */
export async function submitReport(
  input: ReportInput,
  request: {
    idempotencyKey?: string | undefined;
    /** The per-client limits and challenges: skipped for a replay, which gets its first answer whatever. */
    admit?: () => Promise<void>;
  },
  ports: IntakePorts,
): Promise<Submitted> {
  if (input.website !== undefined && input.website.trim() !== '') {
    // The honeypot: a bot gets what a person would, and nothing is stored.
    return { id: ports.ids.newId(), receipt: formatReceipt(ports.newReceipt()), status: 'received' };
  }
  const admit = request.admit ?? (async () => undefined);
  if (!request.idempotencyKey) await admit();
  const now = ports.clock.now();
  const { area, parent, category } = await checkInput(input, now, ports);
  // What the report will hold, so that two bodies meaning the same report count as the same body.
  const body = normalized(input);

  const receiptKey = await ports.secrets.key('receipt');

  if (request.idempotencyKey) {
    const remembered = await rememberAnswer<Promised>(
      ports,
      { scope: 'reports', key: request.idempotencyKey, body },
      () => ({ id: ports.ids.newId(), receipt: ports.newReceipt(), createdAt: now.toISOString() }),
      { beforeRecording: admit },
    );
    const { id, receipt, createdAt } = remembered.answer;
    const report = buildReport(body, { id, createdAt, area, parent, category });
    await withUndo(async (undo) => {
      // A replay redoes the same conditional writes; only the request that made the promise undoes it.
      if (!remembered.replay) undo.push(remembered.release);
      await putReceipt(report, receiptDigest(receiptKey, receipt), ports, undo);
      await commitWrite(
        undo,
        () => ports.reports.putReport(report),
        () => ports.reports.reportStored(report.id),
      );
    });
    return { id, receipt: formatReceipt(receipt), status: 'received' };
  }

  const id = ports.ids.newId();
  const receipt = ports.newReceipt();
  const createdAt = now.toISOString();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const digest = createHmac('sha256', await ports.secrets.key('dedup'))
    .update(`${area.code}\n${category.code}\n${foldForSearch(body.description)}`, 'utf8')
    .digest('base64url');
  await withUndo(async (undo) => {
    await putReceipt({ id, createdAt }, receiptDigest(receiptKey, receipt), ports, undo);
    const original = await ports.reports.claimDuplicateSlot(
      { digest, reportId: id, createdAt, expiresAt: nowSeconds + DUPLICATE_WINDOW_MINUTES * 60 },
      nowSeconds,
    );
    if (!original) undo.push(() => ports.reports.releaseDuplicateSlot(digest, id));
    const report = buildReport(body, { id, createdAt, area, parent, category });
    await commitWrite(
      undo,
      () => ports.reports.putReport(original ? { ...report, duplicateOf: original } : report),
      () => ports.reports.reportStored(id),
    );
  });
  return { id, receipt: formatReceipt(receipt), status: 'received' };
}

/**
 * The answer already given to this key and body, if any, without storing anything: for a rate limiter
 * or a challenge that must let a replay through before it counts it (api.md). Conflict on another body.
 */
export async function replayedReport(
  input: ReportInput,
  idempotencyKey: string,
  ports: Pick<IntakePorts, 'idempotency' | 'secrets' | 'clock'>,
): Promise<Submitted | undefined> {
  const answer = await recordedAnswer<Promised>(ports, {
    scope: 'reports',
    key: idempotencyKey,
    body: normalized(input),
  });
  return answer ? { id: answer.id, receipt: formatReceipt(answer.receipt), status: 'received' } : undefined;
}

async function putReceipt(
  report: Pick<Report, 'id' | 'createdAt'>,
  digest: string,
  ports: IntakePorts,
  undo: Undo[],
): Promise<void> {
  const ref: ReceiptRef = { kind: 'report', id: report.id };
  if ((await ports.reports.putReceipt(digest, ref, report.createdAt)) === 'created') {
    undo.push(() => ports.reports.deleteReceipt(digest, ref));
  }
}

async function checkInput(
  input: ReportInput,
  now: Date,
  ports: IntakePorts,
): Promise<{ area: Area; parent: Area | undefined; category: Category }> {
  const fields: Record<string, FieldProblem> = {};
  const [area, category] = await Promise.all([
    ports.areas.getArea(input.area),
    ports.categories.getCategory(input.category),
  ]);
  if (!area) fields.area = { key: 'field.unknown_area' };
  if (!category) fields.category = { key: 'field.unknown_category' };
  if (input.occurredAt !== undefined) {
    const at = Date.parse(input.occurredAt);
    if (Number.isNaN(at)) fields.occurredAt = { key: 'field.invalid_time' };
    else if (at > now.getTime() + CLOCK_SKEW_MINUTES * 60_000)
      fields.occurredAt = { key: 'field.time_in_future' };
    else if (at < now.getTime() - MAX_AGE_DAYS * 86_400_000)
      fields.occurredAt = { key: 'field.time_too_old', params: { days: MAX_AGE_DAYS } };
  }
  if (!area || !category || Object.keys(fields).length > 0) throw new InvalidInput(fields);
  // The parent's name helps an officer place a village; the province's own name adds nothing.
  const parent = area.parent ? await ports.areas.getArea(area.parent) : undefined;
  return { area, parent: parent?.kind === 'province' ? undefined : parent, category };
}

type Normalized = Pick<Report, 'area' | 'category' | 'description' | 'occurredAt' | 'place' | 'contact'>;

function normalized(input: ReportInput): Normalized {
  const contact =
    input.contact && (input.contact.name !== undefined || input.contact.phone !== undefined)
      ? {
          ...(input.contact.name !== undefined ? { name: input.contact.name } : {}),
          ...(input.contact.phone !== undefined ? { phone: input.contact.phone } : {}),
        }
      : undefined;
  return {
    area: input.area,
    category: input.category,
    description: input.description,
    ...(input.occurredAt !== undefined ? { occurredAt: new Date(input.occurredAt).toISOString() } : {}),
    ...(input.place !== undefined ? { place: input.place } : {}),
    ...(contact ? { contact } : {}),
  };
}

function buildReport(
  body: Normalized,
  known: { id: string; createdAt: string; area: Area; parent: Area | undefined; category: Category },
): Report {
  return {
    id: known.id,
    area: known.area.code,
    areaName: known.area.name,
    ...(known.parent ? { parentName: known.parent.name } : {}),
    ancestors: known.area.ancestors,
    category: known.category.code,
    categoryLabel: known.category.label,
    urgency: known.category.urgency,
    description: body.description,
    ...(body.occurredAt !== undefined ? { occurredAt: body.occurredAt } : {}),
    ...(body.place !== undefined ? { place: body.place } : {}),
    ...(body.contact ? { contact: body.contact } : {}),
    createdAt: known.createdAt,
    status: 'received',
    notifyStatus: 'pending',
  };
}
