import type { Area } from '../areas/model';
import type { Playbook } from '../playbooks/model';
import type { Report, ReportStatus } from '../reports/model';
import type { Lang } from '../shared/i18n';
import { CHECKLIST_SK, type Checklist, checklistOf, ticksOf } from './checklist';
import { type CaseRecord, type Mediation, nextStatuses } from './model';

/** A place a case names (an officer's, a tier's level), so the console names it instead of showing its code. */
export type NamedPlace = Pick<Area, 'name' | 'kind'>;

/**
 * Who did something: role always, the officer's id, current name and the place they serve (their
 * first area: "Công an phường Uông Bí") when a person (not the desk).
 */
export interface Actor {
  role: string;
  officerId?: string;
  name?: string;
  place?: NamedPlace;
}

interface CaseStep {
  at: string;
  status: string;
  by?: Actor;
  /** dispatched, escalated: SMS that went out. */
  recipients?: number;
  /** escalated: the tier, and the area (or DESK) it reached. */
  tier?: number;
  level?: string;
  /** The level's name and kind, when it is a place (not DESK). */
  place?: NamedPlace;
  mediation?: Mediation;
  /** step_done, step_undone: the playbook step ticked or unticked (internal; never in follow-up). */
  step?: number;
}

interface Notified {
  tier: number;
  /** The order the dispatcher texted them in, within the tier. */
  index: number;
  /** The area whose officers were on duty, or DESK for the province's duty desk. */
  level: string;
  /** Where the recipient serves, else the level's name and kind when it is a place (not DESK). */
  place?: NamedPlace;
  role: string;
  officerId?: string;
  name?: string;
  state: string;
  reason?: string;
  at: string;
}

export interface CaseView {
  report: Omit<Report, 'acknowledgedBy'> & {
    acknowledgedBy?: Actor;
    mediable: boolean;
    mediation?: Mediation;
    /**
     * Shown where the contact would be: the reporter withdrew it with their receipt, or the retention
     * rules erased it; `contact` is then absent.
     */
    contactRemoved?: Report['contactRemoved'];
    /** The retention rules erased the description and place text on this day: `description` is ''. */
    textRemovedAt?: string;
  };
  /** Where the case may go next, in the workflow's order. */
  next: ReportStatus[];
  timeline: CaseStep[];
  notified: Notified[];
  replies: { at: string; text: string; by: Actor }[];
  notes: { at: string; text: string; by: Actor }[];
  /** The category's playbook as the case's checklist, when the category has one. */
  checklist?: Checklist<Actor>;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const byTime = <T extends { at: string }>(a: T, b: T) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** Every level a case's tiers reached, for one look-up of their names (DESK is not a place). */
export function levelsOf(items: readonly Record<string, unknown>[]): string[] {
  const codes = new Set<string>();
  for (const item of items)
    if (str(item.sk)?.startsWith('TIER#') && str(item.level) && item.level !== 'DESK')
      codes.add(item.level as string);
  return [...codes];
}

/** Every officer id a case names, for one look-up of their current names. */
export function officerIdsOf(items: readonly Record<string, unknown>[]): string[] {
  const ids = new Set<string>();
  for (const item of items) {
    const by = item.by as { officerId?: unknown } | undefined;
    const acknowledged = item.acknowledgedBy as { officerId?: unknown } | undefined;
    for (const id of [by?.officerId, acknowledged?.officerId]) if (typeof id === 'string') ids.add(id);
    if (item.sk === CHECKLIST_SK) for (const tick of ticksOf(item).values()) ids.add(tick.by.officerId);
    if (str(item.sk)?.startsWith('NOTIFY#') && item.key !== 'desk' && typeof item.key === 'string')
      ids.add(item.key);
  }
  return [...ids];
}

/**
 * The case as officers see it, from the report's partition: the case read from it and every item.
 * Phones are never read into it: a notification says who (role, officer, name), which tier, what
 * became of it, and when.
 */
export function caseView(
  { report, mediation }: CaseRecord,
  items: readonly Record<string, unknown>[],
  context: {
    names: ReadonlyMap<string, string>;
    mediable: boolean;
    /** Places by area code: the tiers' levels. */
    places?: ReadonlyMap<string, NamedPlace>;
    /** The place each officer named serves, by officer id. */
    officerPlaces?: ReadonlyMap<string, NamedPlace>;
    /** The category's playbook, shown as a checklist in this language. */
    playbook?: Playbook;
    lang?: Lang;
  },
): CaseView {
  const named = (place: NamedPlace | undefined) =>
    place ? { place: { name: place.name, kind: place.kind } } : {};
  const placeOf = (level: string) => named(context.places?.get(level));
  const actor = (raw: unknown): Actor => {
    const by = (raw ?? {}) as { role?: unknown; officerId?: unknown };
    const officerId = str(by.officerId);
    const name = officerId ? context.names.get(officerId) : undefined;
    return {
      role: str(by.role) ?? 'officer',
      ...(officerId ? { officerId } : {}),
      ...(name ? { name } : {}),
      ...named(officerId ? context.officerPlaces?.get(officerId) : undefined),
    };
  };

  const levels = new Map<number, string>();
  const sentByTier = new Map<number, number>();
  const notified: Notified[] = [];
  const replies: CaseView['replies'] = [];
  const notes: CaseView['notes'] = [];
  const events: CaseStep[] = [];
  for (const item of items) {
    const sk = str(item.sk) ?? '';
    if (sk.startsWith('TIER#')) levels.set(Number(item.tier), str(item.level) ?? '');
    else if (sk.startsWith('NOTIFY#')) {
      const key = str(item.key) ?? '';
      if (item.state === 'sent')
        sentByTier.set(Number(item.tier), (sentByTier.get(Number(item.tier)) ?? 0) + 1);
      const who =
        key === 'desk' ? { role: str(item.role) ?? 'duty_desk' } : actor({ role: item.role, officerId: key });
      notified.push({
        tier: Number(item.tier),
        index: Number(item.index ?? 0),
        level: '',
        ...who,
        state: str(item.state) ?? 'sending',
        ...(str(item.reason) ? { reason: str(item.reason) as string } : {}),
        at: str(item.settledAt) ?? str(item.claimedAt) ?? '',
      });
    } else if (
      sk.startsWith('EVENT#') &&
      str(item.at) &&
      str(item.status) &&
      item.status !== 'acknowledged'
    ) {
      // A console acknowledgement is shown once, from the report's own acknowledgedAt.
      const outcome = str(item.outcome);
      events.push({
        at: item.at as string,
        status: item.status as string,
        by: actor(item.by),
        ...(outcome
          ? {
              mediation: {
                outcome,
                mediator: str(item.mediator) ?? '',
                mediatedAt: str(item.mediatedAt) ?? '',
              } as Mediation,
            }
          : {}),
      });
    } else if (sk.startsWith('STEP#') && str(item.at) && typeof item.step === 'number') {
      events.push({
        at: item.at as string,
        status: item.done === true ? 'step_done' : 'step_undone',
        step: item.step,
        by: actor(item.by),
      });
    } else if ((sk.startsWith('REPLY#') || sk.startsWith('NOTE#')) && str(item.at) && str(item.text)) {
      (sk.startsWith('REPLY#') ? replies : notes).push({
        at: item.at as string,
        text: item.text as string,
        by: actor(item.by),
      });
    }
  }
  for (const n of notified) {
    n.level = levels.get(n.tier) ?? '';
    if (!n.place) Object.assign(n, placeOf(n.level));
  }

  const timeline: CaseStep[] = [{ at: report.createdAt, status: 'received' }];
  if (report.dispatchedAt) {
    timeline.push({
      at: report.dispatchedAt,
      status: 'dispatched',
      recipients: report.recipients ?? 0,
      tier: 0,
    });
  }
  for (const item of items) {
    if (str(item.sk)?.startsWith('TIER#') && Number(item.tier) > 0) {
      const tier = Number(item.tier);
      timeline.push({
        at: str(item.at) ?? '',
        status: 'escalated',
        tier,
        level: str(item.level) ?? '',
        ...placeOf(str(item.level) ?? ''),
        recipients: sentByTier.get(tier) ?? 0,
      });
    }
  }
  if (report.acknowledgedAt) {
    timeline.push({ at: report.acknowledgedAt, status: 'acknowledged', by: actor(report.acknowledgedBy) });
  }
  timeline.push(...events);

  const { acknowledgedBy, ...fields } = report;
  return {
    report: {
      ...fields,
      ...(acknowledgedBy ? { acknowledgedBy: actor(acknowledgedBy) } : {}),
      mediable: context.mediable,
      ...(mediation ? { mediation } : {}),
    },
    next: nextStatuses(report.status),
    timeline: timeline.sort(byTime),
    notified: notified.sort((a, b) => a.tier - b.tier || a.index - b.index),
    replies: replies.sort(byTime),
    notes: notes.sort(byTime),
    ...(context.playbook && context.playbook.steps.length > 0
      ? {
          checklist: checklistOf(
            context.playbook,
            ticksOf(items.find((item) => item.sk === CHECKLIST_SK)),
            context.lang ?? 'vi',
            actor,
          ),
        }
      : {}),
  };
}
