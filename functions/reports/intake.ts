import { createHmac } from 'node:crypto';
import type { Area } from '../areas/model';
import type { Category } from '../categories/model';
import { type FieldProblem, InvalidInput } from '../shared/errors';
import {
  alreadyStored,
  type KeyedSubmission,
  type KeyedWrite,
  keyedSubmission,
  storeOnce,
} from '../shared/idempotency';
import type { Clock } from '../shared/ports';
import { formatReceipt, idForReceipt } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';
import { foldForSearch } from '../shared/text';
import { commitWrite, withUndo } from '../shared/undo';
import type { Report } from './model';
import { MAX_AGE_DAYS, type ReportInput } from './schema';

/** Without a key, the same place, category and text within this window is one incident. */
export const DUPLICATE_WINDOW_MINUTES = 10;
/** Phones' clocks drift: an `occurredAt` this far ahead of ours is still "now". */
export const CLOCK_SKEW_MINUTES = 5;

export interface ReportWriter {
  /** Takes the duplicate slot of a text, or returns the id of the report holding it. */
  claimDuplicateSlot(
    slot: { digest: string; reportId: string; createdAt: string; expiresAt: number },
    nowSeconds: number,
  ): Promise<string | undefined>;
  releaseDuplicateSlot(digest: string, reportId: string): Promise<void>;
  /** Stores a new report unless its id is taken; `requestHash` marks a keyed submission's body. */
  putReport(report: Report, requestHash?: string): Promise<'created' | 'exists'>;
  /** A consistent read of a stored report's request hash ('' for a report stored without a key). */
  storedRequestHash(id: string): Promise<string | undefined>;
}

export interface IntakePorts {
  areas: { getArea(code: string): Promise<Area | undefined> };
  categories: { getCategory(code: string): Promise<Category | undefined> };
  reports: ReportWriter;
  secrets: Secrets;
  clock: Clock;
  newReceipt(): string;
}

/** The answer to a submission (a report here, a suggestion in functions/suggestions). */
export interface Submitted {
  id: string;
  /** Formatted XXXX-XXXX-XXXX-XXXX; shown once, never stored (the id is a keyed hash of it). */
  receipt: string;
  status: 'received';
}

const SCOPE = 'reports';

/**
 * POST /api/reports. Checks what needs the store and the clock, then stores the report: with an
 * idempotency key, in one conditional write of an item whose id follows from the key (so copies of
 * one submit meet on it); without one, after taking the text's duplicate slot, undone if the report's
 * write fails. The report item is the commit point that puts it in the dispatch queue.
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
  const receiptKey = await ports.secrets.key('receipt');
  if (input.website !== undefined && input.website.trim() !== '') {
    // The honeypot: a bot gets what a person would, and nothing is stored.
    const receipt = ports.newReceipt();
    return answer(idForReceipt(receiptKey, 'report', receipt), receipt);
  }
  const admit = request.admit ?? (async () => undefined);
  const now = ports.clock.now();
  const { area, parent, category } = await checkInput(input, now, ports);
  // What the report will hold, so that two bodies meaning the same report count as the same body.
  const body = normalized(input);
  const createdAt = now.toISOString();

  if (request.idempotencyKey) {
    const submission = await keyedSubmission(ports.secrets, {
      scope: SCOPE,
      kind: 'report',
      key: request.idempotencyKey,
      body,
    });
    const write = keyedWrite(
      ports,
      submission,
      buildReport(body, { id: submission.id, createdAt, area, parent, category }),
    );
    try {
      await admit();
    } catch (refusal) {
      // api.md: a replay is answered from what is stored before any limit or challenge applies.
      if (await alreadyStored(submission, write)) return answer(submission.id, submission.receipt);
      throw refusal;
    }
    await storeOnce(submission, write);
    return answer(submission.id, submission.receipt);
  }

  await admit();
  const receipt = ports.newReceipt();
  const id = idForReceipt(receiptKey, 'report', receipt);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const digest = createHmac('sha256', await ports.secrets.key('dedup'))
    .update(`${area.code}\n${category.code}\n${foldForSearch(body.description)}`, 'utf8')
    .digest('base64url');
  await withUndo(async (undo) => {
    const original = await ports.reports.claimDuplicateSlot(
      { digest, reportId: id, createdAt, expiresAt: nowSeconds + DUPLICATE_WINDOW_MINUTES * 60 },
      nowSeconds,
    );
    if (!original) undo.push(() => ports.reports.releaseDuplicateSlot(digest, id));
    const report = buildReport(body, { id, createdAt, area, parent, category });
    await commitWrite(
      undo,
      () => ports.reports.putReport(original ? { ...report, duplicateOf: original } : report),
      async () => (await ports.reports.storedRequestHash(id)) !== undefined,
    );
  });
  return answer(id, receipt);
}

function answer(id: string, receipt: string): Submitted {
  return { id, receipt: formatReceipt(receipt), status: 'received' };
}

function keyedWrite(ports: IntakePorts, submission: KeyedSubmission, report: Report): KeyedWrite {
  return {
    put: () => ports.reports.putReport(report, submission.requestHash),
    storedRequestHash: () => ports.reports.storedRequestHash(submission.id),
  };
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
