import type { Area } from '../areas/model';
import {
  type AuditLog,
  authorizeArea,
  currentOfficer,
  type OfficerLookup,
  servedRoots,
} from '../officers/access';
import type { Report, ReportStatus } from '../reports/model';
import { InvalidInput, NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { positionOf } from './model';
import { decodeCursor, encodeCursor, PAGE_SIZE } from './schema';
import type { CaseStore } from './store';

export interface InboxEntry {
  id: string;
  area: string;
  areaName: string;
  parentName?: string;
  category: string;
  categoryLabel: { vi: string; en: string };
  urgency: Report['urgency'];
  status: ReportStatus;
  createdAt: string;
  notifyStatus: Report['notifyStatus'];
  acknowledgedAt?: string;
  escalationTier?: number;
  duplicateOf?: string;
  /** The start of what the resident wrote, to tell reports apart in a list. */
  excerpt: string;
  /** The retention rules erased the text ('' in `excerpt`): when. */
  textRemovedAt?: string;
  /** The risk spot an officer named for the case (patrols/case-spot.ts). */
  spot?: { id: string; name: string };
}

export interface InboxPage {
  reports: InboxEntry[];
  /** Present when there are older reports: pass it back as `cursor`. */
  next?: string;
}

const EXCERPT = 120;

function excerpt(text: string): string {
  const chars = [...text];
  return chars.length <= EXCERPT ? text : `${chars.slice(0, EXCERPT - 1).join('')}…`;
}

export function inboxEntry(report: Report): InboxEntry {
  return {
    id: report.id,
    area: report.area,
    areaName: report.areaName,
    ...(report.parentName ? { parentName: report.parentName } : {}),
    category: report.category,
    categoryLabel: report.categoryLabel,
    urgency: report.urgency,
    status: report.status,
    createdAt: report.createdAt,
    notifyStatus: report.notifyStatus,
    ...(report.acknowledgedAt ? { acknowledgedAt: report.acknowledgedAt } : {}),
    ...(report.escalationTier ? { escalationTier: report.escalationTier } : {}),
    ...(report.duplicateOf ? { duplicateOf: report.duplicateOf } : {}),
    excerpt: excerpt(report.description ?? ''),
    ...(report.textRemovedAt ? { textRemovedAt: report.textRemovedAt } : {}),
    ...(report.spot ? { spot: report.spot } : {}),
  };
}

export interface InboxPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'rootArea'>;
  areas: {
    getArea(code: string): Promise<Area | undefined>;
    /** The area and every place under it. */
    placesUnder(area: Area): Promise<string[]>;
  };
  reports: Pick<CaseStore, 'inPlaces' | 'inProvince'>;
}

/**
 * GET /api/officer/reports: reports filed in the officer's places (each served area and every place
 * under it), newest first, a page at a time. Filtering by an area outside them is refused and audited.
 */
export async function inbox(
  identity: Identity,
  query: {
    status?: ReportStatus | undefined;
    area?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
  ports: InboxPorts,
): Promise<InboxPage> {
  const officer = await currentOfficer(identity, ports.officers);
  const before = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
  if (query.cursor !== undefined && !before) throw new InvalidInput({ cursor: { key: 'field.invalid' } });

  let roots: Area[];
  if (query.area) {
    const area = await ports.areas.getArea(query.area);
    if (!area) throw new NotFound('error.area_not_found');
    await authorizeArea(officer, area, 'list reports', ports);
    roots = [area];
  } else {
    const found = await Promise.all(servedRoots(officer, ports.province).map((c) => ports.areas.getArea(c)));
    roots = found.filter((a): a is Area => a !== undefined);
  }
  const limit = query.limit ?? PAGE_SIZE;
  const options = { before, limit, status: query.status };
  let found: Report[];
  let resumeAt: string | undefined;
  if (roots.some((a) => a.ancestors.length === 0)) {
    // The whole province: its own list, not a Query for each of its places.
    ({ reports: found, resumeAt } = await ports.reports.inProvince(options));
  } else {
    const places = [...new Set((await Promise.all(roots.map((a) => ports.areas.placesUnder(a)))).flat())];
    found = await ports.reports.inPlaces(places, options);
  }
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const next = found.length > limit && last ? positionOf(last) : resumeAt;
  return { reports: page.map(inboxEntry), ...(next ? { next: encodeCursor(next) } : {}) };
}
