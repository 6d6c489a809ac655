import { authorizeArea, currentOfficer } from '../officers/access';
import type { Officer } from '../roster/model';
import { NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { CasePorts } from './ports';
import type { CaseRecord } from './store';
import { type CaseView, caseView, officerIdsOf } from './view';

type OpenPorts = Pick<CasePorts, 'officers' | 'audit' | 'clock' | 'reports' | 'categories'>;

/** The signed-in officer and a case in their places; anyone else's case is refused and audited. */
export async function caseOfOfficer(
  identity: Identity,
  id: string,
  action: string,
  ports: Pick<CasePorts, 'officers' | 'audit' | 'clock' | 'reports'>,
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

/**
 * GET /api/officer/reports/{id}: the report with the contact the resident chose to give (officers may
 * call back), its timeline, who was texted and what became of each SMS (no phone numbers), the public
 * replies and the internal notes.
 */
export async function openCase(identity: Identity, id: string, ports: OpenPorts): Promise<CaseView> {
  const { record } = await caseOfOfficer(identity, id, 'read report', ports);
  const [items, category] = await Promise.all([
    ports.reports.partition(id),
    ports.categories.getCategory(record.report.category),
  ]);
  const officers = await ports.officers.byIds(officerIdsOf(items));
  const names = new Map([...officers].map(([officerId, officer]) => [officerId, officer.name]));
  const view = caseView(items, { names, mediable: category?.mediable ?? false });
  if (!view) throw new NotFound('error.report_not_found');
  return view;
}
