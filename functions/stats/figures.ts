import type { FloodAlert } from '../abuse/model';
import type { Area } from '../areas/model';
import type { Category } from '../categories/model';
import { type AuditLog, authorizeArea, currentOfficer, type OfficerLookup } from '../officers/access';
import { MEDIATION_OUTCOMES, type MediationOutcome } from '../reports/model';
import { InvalidInput, NotFound } from '../shared/errors';
import type { Identity } from '../shared/identity';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { addDays, localDate } from '../shared/time';
import { smsBudget } from '../sms/model';
import { type ChecklistFigures, type ChecklistFiguresPorts, checklistFigures } from './checklists';
import {
  ACK_BUCKETS,
  addMonths,
  GOALS,
  localMonth,
  monthsFrom,
  type Period,
  percentileWithin,
  type Tally,
} from './model';
import { type PatrolFigures, type PatrolFiguresPorts, patrolFigures } from './patrols';

/** Longest period one page compares with the year before. */
const MAX_MONTHS = 24;

export interface FiguresPorts extends PatrolFiguresPorts, ChecklistFiguresPorts {
  officers: OfficerLookup;
  audit: AuditLog;
  clock: Clock;
  province: Pick<Province, 'rootArea' | 'timeZone' | 'sms'>;
  areas: { getArea(code: string): Promise<Area | undefined>; children(code: string): Promise<Area[]> };
  categories: { all(): Promise<Category[]> };
  counters: { ofPlace(area: string, from: string, to: string): Promise<Map<string, Tally>> };
  /** The SMS of the last days: the place's day counters, the province's budget today (sms/store.ts). */
  sms: {
    daysOfPlace(area: string, from: string, to: string): Promise<Map<string, Tally>>;
    budgetOn(day: string): Promise<{ spent: number; communes: Record<string, number> }>;
  };
  /** The day's flood alerts (abuse/store.ts). */
  floods: { on(day: string): Promise<FloodAlert[]> };
}

/** Days of SMS figures the page shows, today included. */
const SMS_DAYS = 14;
/** Communes or wards the budget lists, most spent first. */
const TOP_COMMUNES = 5;

/**
 * GET /api/officer/stats: the figures of one place for a period of months, against the same months a
 * year before. Admins may ask for any place (the province by default), officers for the places they
 * serve (their first by default). Drawn from counters (two Queries and the names), never from reports.
 */
export async function figuresFor(
  identity: Identity,
  query: { area?: string | undefined; from?: string | undefined; to?: string | undefined },
  ports: FiguresPorts,
): Promise<{ figures: Figures; inputs: FigureInputs }> {
  const officer = await currentOfficer(identity, ports.officers);
  const current = localMonth(ports.clock.now(), ports.province.timeZone);
  const to = query.to ?? current;
  const from = query.from ?? (query.to ? to : `${current.slice(0, 4)}-01`);
  const length = monthsFrom(from, to).length;
  if (length === 0 || length > MAX_MONTHS) {
    throw new InvalidInput({ from: { key: 'field.period_too_long', params: { months: MAX_MONTHS } } });
  }

  const code =
    query.area ??
    (officer.access === 'admin' ? ports.province.rootArea : (officer.areas[0] ?? ports.province.rootArea));
  const area = await ports.areas.getArea(code);
  if (!area) throw new NotFound('error.area_not_found');
  await authorizeArea(officer, area, 'read figures', ports);

  const period = { from, to };
  const [children, categories, counters] = await Promise.all([
    ports.areas.children(area.code),
    ports.categories.all(),
    ports.counters.ofPlace(area.code, previousPeriod(period).from, to),
  ]);
  const inputs: FigureInputs = {
    area: { code: area.code, name: area.name },
    children: children.map((c) => ({ code: c.code, name: c.name })),
    categories,
    period,
    counters,
    smsPriceUsd: ports.province.sms.estimatedPriceUsd,
  };
  const [sms, patrols, checklists] = await Promise.all([
    smsFigures(area, ports),
    patrolFigures(inputs, ports),
    checklistFigures(inputs, ports),
  ]);
  return { figures: { ...computeFigures(inputs), ...sms, ...patrols, ...checklists }, inputs };
}

/**
 * What the SMS did for the place shown, per day (the last SMS_DAYS, today last: sent, summaries and
 * the reports they grouped, held at a phone's throttle, refused by the budget); the province's budget
 * today (an admin on the province sees its communes that spent most, anyone on a commune or a place in
 * it sees that commune); and today's flood alerts in, above or below the place.
 */
async function smsFigures(area: Area, ports: FiguresPorts): Promise<SmsFigures> {
  const today = localDate(ports.clock.now(), ports.province.timeZone);
  const first = addDays(today, 1 - SMS_DAYS);
  const [days, budgetState, floods] = await Promise.all([
    ports.sms.daysOfPlace(area.code, first, today),
    ports.sms.budgetOn(today),
    ports.floods.on(today),
  ]);
  const budget = smsBudget(ports.province.sms);
  const commune = [...area.ancestors, area.code][1];
  const communeCodes = commune
    ? [commune]
    : Object.entries(budgetState.communes)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, TOP_COMMUNES)
        .map(([code]) => code);
  const names = await Promise.all(communeCodes.map((code) => ports.areas.getArea(code)));
  const alerts = await Promise.all(
    floods.map(async (alert) => {
      if (area.ancestors.length === 0 || alert.area === area.code || area.ancestors.includes(alert.area))
        return alert;
      const place = await ports.areas.getArea(alert.area);
      return place?.ancestors.includes(area.code) ? alert : undefined;
    }),
  );
  const get = (tally: Tally | undefined, name: string) => tally?.[name] ?? 0;
  return {
    smsDays: Array.from({ length: SMS_DAYS }, (_, i) => {
      const day = addDays(first, i);
      const tally = days.get(day);
      return {
        day,
        sent: get(tally, 'sms'),
        summaries: get(tally, 'smsSummaries'),
        grouped: get(tally, 'smsGrouped'),
        held: get(tally, 'smsHeld'),
        capped: get(tally, 'smsCapped'),
      };
    }),
    smsBudget: {
      day: today,
      cap: budget.cap,
      spent: budgetState.spent,
      normalLimit: budget.normalLimit,
      reserve: budget.cap - budget.normalLimit,
      reserveLeft: Math.max(0, budget.cap - Math.max(budgetState.spent, budget.normalLimit)),
      communeLimit: budget.communeLimit,
      communes: communeCodes.map((code, i) => ({
        code,
        name: names[i]?.name ?? code,
        spent: budgetState.communes[code] ?? 0,
        sharePercent: percent(budgetState.communes[code] ?? 0, budget.cap) ?? 0,
      })),
    },
    floodAlerts: alerts
      .filter((a): a is FloodAlert => a !== undefined)
      .sort((a, b) => (a.at < b.at ? -1 : 1))
      .map(({ area: code, areaName, count, windowMinutes, normal, at }) => ({
        area: code,
        areaName,
        count,
        windowMinutes,
        normal,
        at,
      })),
  };
}

interface Compared {
  count: number;
  previous: number;
  /** (count − previous) / previous, in percent to one decimal; null when there was nothing before. */
  changePercent: number | null;
}

/** The SMS part of the figures (issue 14): the last days, the budget today, today's floods. */
interface SmsFigures {
  smsDays: { day: string; sent: number; summaries: number; grouped: number; held: number; capped: number }[];
  smsBudget: {
    day: string;
    cap: number;
    spent: number;
    /** Normal SMS stop here; the rest of the cap is the reserve of high urgency and the duty desk. */
    normalLimit: number;
    reserve: number;
    reserveLeft: number;
    communeLimit: number;
    communes: { code: string; name: string; spent: number; sharePercent: number }[];
  };
  floodAlerts: Omit<FloodAlert, 'type'>[];
}

/** The figures page's numbers drawn from the month counters (computeFigures). */
export interface MonthFigures {
  area: { code: string; name: string };
  period: Period;
  previousPeriod: Period;
  goals: typeof GOALS;
  incidents: Compared;
  months: { month: string; count: number; previousMonth: string; previous: number }[];
  categories: ({ code: string; label: { vi: string; en: string }; mediable: boolean } & Compared)[];
  areas: ({ code: string; name: string } & Compared)[];
  duplicates: number;
  /** Reports in mediable categories (civil disputes, minor conflicts), and what their mediations came to. */
  mediation: { disputes: number; settledPercent: number | null } & Record<MediationOutcome, number>;
  /** "Within N minutes": the upper edge of the histogram bucket holding the percentile (model.ts). */
  acknowledgement: { acknowledged: number; medianMinutes: number | null; p90Minutes: number | null };
  escalation: { escalated: number; percent: number | null };
  sms: { sent: number; priceUsd: number; estimatedCostUsd: number };
}

export type Figures = MonthFigures & SmsFigures & PatrolFigures & ChecklistFigures;

/** The counters the figures are drawn from, by month (store.ts), with what names them. */
export interface FigureInputs {
  area: { code: string; name: string };
  children: { code: string; name: string }[];
  categories: Category[];
  period: Period;
  /** Months of both periods, the previous year's and this one's. */
  counters: ReadonlyMap<string, Tally>;
  smsPriceUsd: number;
}

export function previousPeriod(period: Period): Period {
  return { from: addMonths(period.from, -12), to: addMonths(period.to, -12) };
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

function compared(count: number, previous: number): Compared {
  return { count, previous, changePercent: previous === 0 ? null : percent(count - previous, previous) };
}

/** Sums counters over months, keeping only the names `keep` accepts. */
function sum(
  counters: ReadonlyMap<string, Tally>,
  months: readonly string[],
  keep: (name: string) => boolean,
): Tally {
  const total: Tally = {};
  for (const month of months) {
    for (const [name, n] of Object.entries(counters.get(month) ?? {})) {
      if (keep(name)) total[name] = (total[name] ?? 0) + n;
    }
  }
  return total;
}

const incidentsOf = (tally: Tally | undefined) =>
  Object.entries(tally ?? {}).reduce((n, [name, v]) => (name.startsWith('in#') ? n + v : n), 0);

/** The figures page's numbers, from counters alone: no report is read to draw it. */
export function computeFigures(input: FigureInputs): MonthFigures {
  const before = previousPeriod(input.period);
  const months = monthsFrom(input.period.from, input.period.to);
  const previousMonths = monthsFrom(before.from, before.to);
  const now = sum(input.counters, months, () => true);
  const then = sum(input.counters, previousMonths, () => true);
  const get = (tally: Tally, name: string) => tally[name] ?? 0;

  const mediable = new Set(input.categories.filter((c) => c.mediable).map((c) => c.code));
  let disputes = 0;
  for (const code of mediable) disputes += get(now, `in#${code}`);
  const outcomes = Object.fromEntries(
    MEDIATION_OUTCOMES.map((outcome) => [
      outcome,
      [...mediable].reduce((n, code) => n + get(now, `med#${code}#${outcome}`), 0),
    ]),
  ) as Record<MediationOutcome, number>;

  const buckets = new Map(ACK_BUCKETS.map((edge) => [edge, get(now, `ack#${edge}`)]));
  const acknowledged = [...buckets.values()].reduce((a, b) => a + b, 0);
  const incidents = incidentsOf(now);

  const known = new Set(input.categories.map((c) => c.code));
  // A category no longer in the province's list still has its history.
  const gone = Object.keys({ ...now, ...then })
    .filter((name) => name.startsWith('in#') && !known.has(name.slice(3)))
    .map((name) => name.slice(3))
    .sort();

  return {
    area: input.area,
    period: input.period,
    previousPeriod: before,
    goals: GOALS,
    incidents: compared(incidents, incidentsOf(then)),
    months: months.map((month, i) => ({
      month,
      count: incidentsOf(input.counters.get(month)),
      previousMonth: previousMonths[i] as string,
      previous: incidentsOf(input.counters.get(previousMonths[i] as string)),
    })),
    categories: [
      ...input.categories.map((c) => ({
        code: c.code,
        label: c.label,
        mediable: c.mediable,
        ...compared(get(now, `in#${c.code}`), get(then, `in#${c.code}`)),
      })),
      ...gone.map((code) => ({
        code,
        label: { vi: code, en: code },
        mediable: false,
        ...compared(get(now, `in#${code}`), get(then, `in#${code}`)),
      })),
    ],
    areas: input.children.map((child) => ({
      code: child.code,
      name: child.name,
      ...compared(get(now, `ch#${child.code}`), get(then, `ch#${child.code}`)),
    })),
    duplicates: get(now, 'dup'),
    mediation: { disputes, ...outcomes, settledPercent: percent(outcomes.success, disputes) },
    acknowledgement: {
      acknowledged,
      medianMinutes: percentileWithin(buckets, 0.5) ?? null,
      p90Minutes: percentileWithin(buckets, 0.9) ?? null,
    },
    escalation: { escalated: get(now, 'esc'), percent: percent(get(now, 'esc'), incidents) },
    sms: {
      sent: get(now, 'sms'),
      priceUsd: input.smsPriceUsd,
      estimatedCostUsd: Math.round(get(now, 'sms') * input.smsPriceUsd * 100) / 100,
    },
  };
}
