import { createHmac } from 'node:crypto';
import type { Area } from '../areas/model';
import type { Category } from '../categories/model';
import { type FieldProblem, InvalidInput } from '../shared/errors';
import { metric } from '../shared/log';
import type { Clock } from '../shared/ports';
import { type SubmitOncePorts, type Submitted, submitOnce } from '../shared/submit-once';
import { foldForSearch } from '../shared/text';
import type { Report } from './model';
import { MAX_AGE_DAYS, type ReportInput } from './schema';
import type { ReportStore } from './store';

/** Without a key, the same place, category and text within this window is one incident. */
const DUPLICATE_WINDOW_MINUTES = 10;
/** Phones' clocks drift: an `occurredAt` this far ahead of ours is still "now". */
const CLOCK_SKEW_MINUTES = 5;

export interface SubmitReportPorts extends SubmitOncePorts {
  areas: { getArea(code: string): Promise<Area | undefined> };
  categories: { getCategory(code: string): Promise<Category | undefined> };
  reports: Pick<ReportStore, 'put' | 'storedRequestHash' | 'claimDuplicateSlot' | 'releaseDuplicateSlot'>;
  clock: Clock;
}

/**
 * POST /api/reports. Checks what needs the store and the clock, then stores the report once
 * (shared/submit-once.ts). Without an idempotency key, the report first takes its text's duplicate
 * slot, given back if the report's write fails. The report item is the commit point that puts it in
 * the dispatch queue.
 */
export async function submitReport(
  input: ReportInput,
  request: {
    idempotencyKey?: string | undefined;
    admit?: () => Promise<void>;
    proofOffered?: boolean;
  },
  ports: SubmitReportPorts,
): Promise<Submitted> {
  const { answer, created } = await submitOnce(
    { kind: 'report', honeypot: input.website, ...request },
    async () => {
      const now = ports.clock.now();
      const { area, parent, category } = await checkInput(input, now, ports);
      const body = normalized(input);
      const createdAt = now.toISOString();
      return {
        body,
        item: (id) => buildReport(body, { id, createdAt, area, parent, category }),
        store: ports.reports,
        // A key already says which posts are the same: only keyless ones are linked to earlier reports.
        beforeFreshWrite: (report) => takeDuplicateSlot(report, now, ports),
      };
    },
    ports,
  );
  if (created) metric('ReportsReceived', 1);
  return answer;
}

/**
 * Takes the 10-minute slot of the report's place, category and text, or links the report to the one
 * holding it (which carries the notification).
 */
async function takeDuplicateSlot(
  report: Report,
  now: Date,
  ports: SubmitReportPorts,
): Promise<{ item: Report; undo?: () => Promise<void> }> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const digest = createHmac('sha256', await ports.secrets.key('dedup'))
    .update(`${report.area}\n${report.category}\n${foldForSearch(report.description)}`, 'utf8')
    .digest('base64url');
  const original = await ports.reports.claimDuplicateSlot(
    {
      digest,
      reportId: report.id,
      createdAt: report.createdAt,
      expiresAt: nowSeconds + DUPLICATE_WINDOW_MINUTES * 60,
    },
    nowSeconds,
  );
  if (original) return { item: { ...report, duplicateOf: original } };
  return { item: report, undo: () => ports.reports.releaseDuplicateSlot(digest, report.id) };
}

async function checkInput(
  input: ReportInput,
  now: Date,
  ports: SubmitReportPorts,
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

/** What the report will hold, so that two bodies meaning the same report count as the same body. */
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
