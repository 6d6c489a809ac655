import { monthsFrom, type Period, type Tally } from './model';

/** Risk spots the figures list at most, most incidents first. */
const TOP_SPOTS = 10;

/**
 * Patrols beside incidents (patrols/model.ts counts them): per month of the period, per place one level
 * down, and the incidents at the risk spots officers named. Both are shown side by side; nothing here
 * says one caused the other (the page says so in words).
 */
export interface PatrolFigures {
  patrols: {
    total: number;
    months: { month: string; patrols: number; incidents: number }[];
    areas: { code: string; name: string; patrols: number; incidents: number }[];
    spots: { id: string; name: string; incidents: number }[];
  };
}

export interface PatrolFiguresPorts {
  /** The spots' names by id (spots/store.ts); a spot no longer found is named by its id. */
  spots?: { byIds(ids: readonly string[]): Promise<ReadonlyMap<string, { name: string }>> };
}

const incidentsOf = (tally: Tally | undefined) =>
  Object.entries(tally ?? {}).reduce((n, [name, v]) => (name.startsWith('in#') ? n + v : n), 0);

/** The patrol part of the figures, from the same month counters as the rest: no patrol or report is read. */
export async function patrolFigures(
  input: {
    period: Period;
    children: readonly { code: string; name: string }[];
    counters: ReadonlyMap<string, Tally>;
  },
  ports: PatrolFiguresPorts,
): Promise<PatrolFigures> {
  const months = monthsFrom(input.period.from, input.period.to);
  const total: Tally = {};
  for (const month of months)
    for (const [name, n] of Object.entries(input.counters.get(month) ?? {}))
      if (name === 'pat' || name.startsWith('pch#') || name.startsWith('ch#') || name.startsWith('spot#'))
        total[name] = (total[name] ?? 0) + n;

  const top = Object.entries(total)
    .filter(([name, n]) => name.startsWith('spot#') && n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_SPOTS);
  const ids = top.map(([name]) => name.slice('spot#'.length));
  const names =
    ids.length > 0 && ports.spots ? await ports.spots.byIds(ids) : new Map<string, { name: string }>();
  return {
    patrols: {
      total: total.pat ?? 0,
      months: months.map((month) => ({
        month,
        patrols: input.counters.get(month)?.pat ?? 0,
        incidents: incidentsOf(input.counters.get(month)),
      })),
      areas: input.children.map((child) => ({
        code: child.code,
        name: child.name,
        patrols: total[`pch#${child.code}`] ?? 0,
        incidents: total[`ch#${child.code}`] ?? 0,
      })),
      spots: top.map(([, n], i) => {
        const id = ids[i] as string;
        return { id, name: names.get(id)?.name ?? id, incidents: n };
      }),
    },
  };
}
