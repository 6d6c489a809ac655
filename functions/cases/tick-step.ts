import type { Area } from '../areas/model';
import type { Playbook } from '../playbooks/model';
import type { Officer } from '../roster/model';
import { InvalidInput } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import type { Identity } from '../shared/identity';
import type { StatsRecorder } from '../stats/model';
import { type Checklist, checklistOf, isComplete, type StepTick } from './checklist';
import { type CaseOfOfficerPorts, caseOfOfficer } from './open';
import type { StepTickRequest } from './schema';
import type { CaseStore } from './store';
import type { Actor } from './view';

export interface TickStepPorts extends CaseOfOfficerPorts {
  officers: CaseOfOfficerPorts['officers'] & { byIds(ids: readonly string[]): Promise<Map<string, Officer>> };
  areas: { getArea(code: string): Promise<Area | undefined> };
  playbooks: { getPlaybook(category: string): Promise<Playbook | undefined> };
  reports: Pick<CaseStore, 'getCase' | 'setStep' | 'putStepEntry' | 'markCounted'>;
  stats: Pick<StatsRecorder, 'checklist'>;
}

/**
 * POST /api/officer/reports/{id}/steps: an officer of the case's place ticks or unticks one step of its
 * category's playbook; the answer is the whole checklist in the request's language. Ticking a ticked
 * step changes nothing: no entry is added to the internal timeline and the figures do not move. The
 * list counts as complete in the month the report arrived, like every figure of the case, once: the
 * checklist's `counted` flag says whether its +1 was added, and the request that flips it adds +1 or −1.
 * Every request compares the flag with the list as it now stands under today's playbook, so a count
 * lost when a function stopped after the tick is made up by the retry, and a playbook changed since
 * never makes an untick take back what was not added. Erased words do not stop it: a tick holds none.
 */
export async function tickStep(
  identity: Identity,
  id: string,
  request: StepTickRequest,
  lang: Lang,
  ports: TickStepPorts,
): Promise<Checklist<Actor> & { id: string }> {
  const { officer, record } = await caseOfOfficer(identity, id, 'tick playbook step', ports);
  const playbook = (await ports.playbooks.getPlaybook(record.report.category)) ?? {
    category: record.report.category,
    steps: [],
  };
  if (!playbook.steps.some((s) => s.step === request.step))
    throw new InvalidInput({ step: { key: 'field.unknown_step' } });

  const tick: StepTick = {
    done: request.done,
    at: ports.clock.now().toISOString(),
    by: { officerId: officer.id, role: officer.role },
  };
  const { ticks, counted } = await ports.reports.setStep(id, request.step, tick);
  const stored = ticks.get(request.step);
  // Written again when nothing changed: a tick whose entry was lost (the function stopped between the
  // two writes) gets it now, under the same key, and one already there is left as it was.
  if (stored) await ports.reports.putStepEntry(id, request.step, stored);
  const complete = isComplete(playbook, ticks);
  if (
    !record.report.duplicateOf &&
    complete !== counted &&
    (await ports.reports.markCounted(
      id,
      playbook.steps.map((s) => s.step),
      complete,
    ))
  )
    await ports.stats.checklist(record.report, complete);
  const who = await actorsOf(
    [...ticks.values()].map((t) => t.by.officerId),
    ports,
  );
  return {
    id,
    ...checklistOf(playbook, ticks, lang, (by) => ({
      role: by.role,
      officerId: by.officerId,
      ...who(by.officerId),
    })),
  };
}

/** Officers' current names and the first place each serves, as the case view shows who did something. */
async function actorsOf(
  ids: readonly string[],
  ports: Pick<TickStepPorts, 'officers' | 'areas'>,
): Promise<(officerId: string) => Pick<Actor, 'name' | 'place'>> {
  const officers = await ports.officers.byIds([...new Set(ids)]);
  const codes = [...new Set([...officers.values()].flatMap((o) => o.areas.slice(0, 1)))];
  const places = new Map(
    (await Promise.all(codes.map((code) => ports.areas.getArea(code))))
      .filter((a): a is Area => a !== undefined)
      .map((a) => [a.code, { name: a.name, kind: a.kind }]),
  );
  return (officerId) => {
    const officer = officers.get(officerId);
    const place = officer?.areas[0] ? places.get(officer.areas[0]) : undefined;
    return { ...(officer ? { name: officer.name } : {}), ...(place ? { place } : {}) };
  };
}
