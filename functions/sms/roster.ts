import { MAX_SHIFT_MS, type Officer, type Shift } from '../roster/model';

/** Who can be texted about a place at an instant: the dispatcher's view of the duty roster. */
export interface OfficerOnDuty {
  id: string;
  name: string;
  phone: string;
  role: string;
}

export interface RosterReader {
  /** Officers whose shift in exactly this area covers `at`; the dispatcher walks up the tree itself. */
  onDutyOfficers(areaCode: string, at: Date): Promise<OfficerOnDuty[]>;
}

/** What the cache reads: roster/store.ts's `shiftsInArea` and `getOfficers`, on the table. */
export interface RosterSource {
  /** Shifts of one area whose start lies in [from, to] (UTC ISO bounds, inclusive), in start order. */
  shiftsInArea(area: string, from: string, to: string): Promise<Shift[]>;
  officers(ids: readonly string[]): Promise<Map<string, Officer>>;
}

/** Instants are grouped by the minute: one read answers for every report of a place in that minute. */
const WINDOW_MS = 60_000;

interface Window {
  shifts: Shift[];
  officers: Map<string, Officer>;
}

/**
 * Who is on duty, read once per place and minute and kept `ttlMs` (wall clock) in the process. Every
 * report asks about its place at the instant it arrived, and then about the places above until someone
 * is on duty: without a cache that is a Query and a BatchGet per place asked, per report. The window's
 * read covers every shift that can cover an instant of its minute (starts in [minute − 24 h, minute's
 * end]), and each instant is then answered as roster/store.ts's `onDutyOfficers` answers it: shifts with
 * start <= at < end, in start order, each officer once. A change to shifts or officers (an import)
 * reaches the dispatcher within `ttlMs`. Only answers are kept, never a read still under way, so a
 * read that never returns holds up nobody but its own caller.
 */
export function cachedRoster(
  source: RosterSource,
  options: { ttlMs: number; now?: () => number; maxEntries?: number },
): RosterReader {
  const now = options.now ?? (() => performance.now());
  const maxEntries = options.maxEntries ?? 2_000;
  const windows = new Map<string, { until: number; value: Window }>();

  const read = async (area: string, minute: number): Promise<Window> => {
    const from = new Date(minute * WINDOW_MS - MAX_SHIFT_MS).toISOString();
    const to = new Date((minute + 1) * WINDOW_MS - 1).toISOString();
    const shifts = await source.shiftsInArea(area, from, to);
    return { shifts, officers: await source.officers(shifts.map((s) => s.officer)) };
  };

  const remember = (key: string, value: Window) => {
    if (windows.size >= maxEntries) {
      for (const [k, entry] of windows) if (entry.until <= now()) windows.delete(k);
      if (windows.size >= maxEntries) windows.clear();
    }
    windows.set(key, { until: now() + options.ttlMs, value });
  };

  return {
    async onDutyOfficers(area, at) {
      const minute = Math.floor(at.getTime() / WINDOW_MS);
      const key = `${area}#${minute}`;
      const hit = windows.get(key);
      let window = hit && hit.until > now() ? hit.value : undefined;
      if (!window) {
        window = await read(area, minute);
        remember(key, window);
      }
      const atIso = at.toISOString();
      const seen = new Set<string>();
      const onDuty: OfficerOnDuty[] = [];
      for (const shift of window.shifts) {
        if (shift.start > atIso || shift.end <= atIso || seen.has(shift.officer)) continue;
        const officer = window.officers.get(shift.officer);
        if (!officer) continue;
        seen.add(officer.id);
        onDuty.push({ id: officer.id, name: officer.name, phone: officer.phone, role: officer.role });
      }
      return onDuty;
    },
  };
}
