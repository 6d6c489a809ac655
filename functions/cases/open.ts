import type { Area } from '../areas/model';
import type { Category } from '../categories/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import type { Playbook } from '../playbooks/model';
import type { Officer } from '../roster/model';
import { NotFound } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { CaseRecord } from './model';
import type { CaseStore } from './store';
import { type CaseView, caseView, levelsOf, type NamedPlace, officerIdsOf } from './view';

export interface CaseOfOfficerPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  reports: Pick<CaseStore, 'getCase'>;
}

/** The signed-in officer and a case in their places; anyone else's case is refused and audited. */
export async function caseOfOfficer(
  identity: Identity,
  id: string,
  action: string,
  ports: CaseOfOfficerPorts,
): Promise<{ officer: Officer; record: CaseRecord }> {
  const officer = await currentOfficer(identity, ports.officers);
  const record = await ports.reports.getCase(id);
  if (!record) throw new NotFound('error.report_not_found');
  await authorizeArea(
    officer,
    { code: record.report.area, ancestors: record.report.ancestors },
    action,
    ports,
  );
  return { officer, record };
}

export interface OpenCasePorts extends CaseOfOfficerPorts {
  officers: OfficerLookup & { byIds(ids: readonly string[]): Promise<Map<string, Officer>> };
  reports: Pick<CaseStore, 'getCase' | 'partition'>;
  categories: { getCategory(code: string): Promise<Category | undefined> };
  areas: { getArea(code: string): Promise<Area | undefined> };
  playbooks: { getPlaybook(category: string): Promise<Playbook | undefined> };
}

/**
 * GET /api/officer/reports/{id}: the report with the contact the resident chose to give (officers may
 * call back), its timeline, who was texted and what became of each SMS (no phone numbers), the places
 * each round reached by name, the public replies and the internal notes.
 */
export async function openCase(
  identity: Identity,
  id: string,
  ports: OpenCasePorts,
  lang: Lang = 'vi',
): Promise<CaseView> {
  const { record } = await caseOfOfficer(identity, id, 'read report', ports);
  const [partition, category, playbook] = await Promise.all([
    ports.reports.partition(id),
    ports.categories.getCategory(record.report.category),
    ports.playbooks.getPlaybook(record.report.category),
  ]);
  if (!partition.record) throw new NotFound('error.report_not_found');
  const officers = await ports.officers.byIds(officerIdsOf(partition.items));
  const names = new Map([...officers].map(([officerId, officer]) => [officerId, officer.name]));
  // The places to name: the tiers' levels and the first area of each officer named (areas are cached).
  const served = [...officers.values()].flatMap((o) => o.areas.slice(0, 1));
  const found = await Promise.all(
    [...new Set([...levelsOf(partition.items), ...served])].map((code) => ports.areas.getArea(code)),
  );
  const places = new Map<string, NamedPlace>(
    found.filter((a): a is Area => a !== undefined).map((a) => [a.code, a]),
  );
  const officerPlaces = new Map<string, NamedPlace>();
  for (const [officerId, officer] of officers) {
    const place = officer.areas[0] ? places.get(officer.areas[0]) : undefined;
    if (place) officerPlaces.set(officerId, place);
  }
  return caseView(partition.record, partition.items, {
    names,
    mediable: category?.mediable ?? false,
    places,
    officerPlaces,
    ...(playbook ? { playbook, lang } : {}),
  });
}
