import type { Figures } from '../../../functions/stats/figures';
import { byId, lang } from './dom';
import { W } from './officer-console';

type Table = (id: string, head: string[], rows: (string | number)[][]) => void;

const number = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
const n = (value: number) => number.format(value);
const monthName = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

/**
 * The figures page's patrols beside incidents, per month and per place one level down, and the incidents
 * at each risk spot: tables side by side, no causation claimed (the section's lead says so).
 */
export function patrolPart(f: Figures, table: Table): void {
  // Its words are written into the section at build time (PATROL_TEXT).
  const say = byId('patrol-figures').dataset;
  table(
    'table-patrol-months',
    [W.month, `${say.patrols}`, W.incidents],
    f.patrols.months.map((m) => [monthName(m.month), n(m.patrols), n(m.incidents)]),
  );
  byId('patrol-areas').hidden = f.patrols.areas.length === 0;
  table(
    'table-patrol-areas',
    [W.area, `${say.patrols}`, W.incidents],
    f.patrols.areas.map((a) => [a.name, n(a.patrols), n(a.incidents)]),
  );
  byId('spot-figures').hidden = f.patrols.spots.length === 0;
  byId('spot-figures-none').hidden = f.patrols.spots.length > 0;
  table(
    'table-spot-figures',
    [`${say.spots}`, W.incidents],
    f.patrols.spots.map((s) => [s.name, n(s.incidents)]),
  );
}
