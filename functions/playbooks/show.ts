import type { Category } from '../categories/model';
import { currentOfficer, type OfficerLookup } from '../officers/access';
import { NotFound } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import type { Identity } from '../shared/identity';
import { type Playbook, type StepText, stepsIn } from './model';

export interface ShowPlaybookPorts {
  officers: OfficerLookup;
  categories: { getCategory(code: string): Promise<Category | undefined> };
  playbooks: { getPlaybook(category: string): Promise<Playbook | undefined> };
}

/**
 * GET /api/officer/playbooks?category=: what the province expects of whoever takes a report of this
 * category, in the request's language. Any officer may read any category's (they are the province's
 * rules, not a case); a category without a playbook has no steps; an unknown category → 404.
 */
export async function showPlaybook(
  identity: Identity,
  category: string,
  lang: Lang,
  ports: ShowPlaybookPorts,
): Promise<{ category: string; steps: StepText[] }> {
  await currentOfficer(identity, ports.officers);
  const [known, playbook] = await Promise.all([
    ports.categories.getCategory(category),
    ports.playbooks.getPlaybook(category),
  ]);
  if (!known) throw new NotFound('error.category_not_found');
  return { category, steps: stepsIn(playbook, lang) };
}
