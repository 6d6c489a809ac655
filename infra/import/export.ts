import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Area } from '../../functions/areas/model';
import { areasByParent, getArea } from '../../functions/areas/store';
import { routeOf } from '../../functions/categories/route';
import { allCategories } from '../../functions/categories/store';
import type { Contact } from '../../functions/contacts/model';
import { contactsOfArea } from '../../functions/contacts/store';
import type { SelfManagementGroup, SelfManagementModel } from '../../functions/directory/model';
import { groupsByArea, modelsByArea } from '../../functions/directory/store';
import { allPlaybooks } from '../../functions/playbooks/store';
import type { Shift } from '../../functions/roster/model';
import { formatDays } from '../../functions/roster/pattern';
import { allOfficers, rosterPatterns, shiftsOfOfficer } from '../../functions/roster/store';
import type { Province } from '../../functions/shared/province';
import type { Store } from '../../functions/shared/store/client';
import { formatZoned } from '../../functions/shared/time';
import { inParallel } from './batch';
import { formatCsv } from './csv';
import { FILES, type FileKey } from './rows';

/** Every area under the root, level by level (Query per area on the children index; no Scan). */
async function areaTree(store: Store, rootCode: string): Promise<Area[]> {
  const root = await getArea(store, rootCode);
  if (!root) throw new Error(`the table holds no area ${rootCode}: nothing to export`);
  const all: Area[] = [root];
  let level: Area[] = [root];
  while (level.length > 0) {
    const children = new Map<string, Area[]>();
    await inParallel(level, 8, async (area) => {
      children.set(area.code, await areasByParent(store, area.code));
    });
    level = level.flatMap((area) => children.get(area.code) ?? []);
    all.push(...level);
  }
  return all;
}

const EPOCH = new Date('2000-01-01T00:00:00Z');
const FAR = new Date('2200-01-01T00:00:00Z');

/**
 * Writes the table's province data back as the import's files (infra/provinces/README.md), so that
 * importing the exported folder changes nothing. Roster-generated shifts are not written: roster.csv
 * makes them again.
 */
export async function exportProvince(
  store: Store,
  folder: string,
  options: { province: Province; onProgress?: (line: string) => void },
): Promise<Partial<Record<FileKey, number>>> {
  const areas = await areaTree(store, options.province.rootArea);
  options.onProgress?.(`${areas.length.toLocaleString('en')} areas`);
  const perArea = new Map<
    string,
    { contacts: Contact[]; models: SelfManagementModel[]; groups: SelfManagementGroup[] }
  >();
  await inParallel(areas, 8, async (area) => {
    const [contacts, models, groups] = await Promise.all([
      contactsOfArea(store, area.code),
      modelsByArea(store, area.code),
      groupsByArea(store, area.code),
    ]);
    perArea.set(area.code, { contacts, models, groups });
  });
  const of = (area: Area) => perArea.get(area.code) ?? { contacts: [], models: [], groups: [] };
  const officers = (await allOfficers(store)).sort((a, b) => a.id.localeCompare(b.id));
  const patterns = (await rosterPatterns(store)).sort((a, b) => a.id.localeCompare(b.id));
  const fileShifts: Shift[] = [];
  await inParallel(officers, 8, async (officer) => {
    for (const shift of await shiftsOfOfficer(store, officer.id, EPOCH, FAR))
      if (shift.source === 'file') fileShifts.push(shift);
  });
  fileShifts.sort(
    (a, b) =>
      a.area.localeCompare(b.area) || a.start.localeCompare(b.start) || a.officer.localeCompare(b.officer),
  );
  const categories = await allCategories(store);
  // In the categories' own order, so that the file reads like the list residents choose from.
  const rank = new Map(categories.map((c, i) => [c.code, i]));
  const playbooks = (await allPlaybooks(store)).sort(
    (a, b) =>
      (rank.get(a.category) ?? rank.size) - (rank.get(b.category) ?? rank.size) ||
      a.category.localeCompare(b.category),
  );
  const tz = options.province.timeZone;

  const rows: Record<FileKey, string[][]> = {
    areas: areas.map((a) => [a.code, a.name, a.kind, a.parent ?? '']),
    categories: categories.map((c) => {
      // A category stored before routing existed is written with the route it is dispatched by.
      const route = routeOf(c);
      return [
        c.code,
        c.label.vi,
        c.label.en,
        c.urgency,
        c.mediable ? 'yes' : 'no',
        route.roles.join(' '),
        route.informed.join(' '),
      ];
    }),
    models: areas.flatMap((a) =>
      of(a).models.map((m) => [m.id, m.name, m.kind, m.area, m.started ?? '', m.status]),
    ),
    groups: areas.flatMap((a) =>
      of(a).groups.map((g) => [
        g.id,
        g.name,
        g.model,
        g.area,
        g.leader,
        String(g.members),
        g.founded ?? '',
        g.status,
      ]),
    ),
    contacts: areas.flatMap((a) =>
      of(a).contacts.map((c) => [c.id, c.area, c.name, c.role, c.phone, c.kind, c.visibility, c.verifiedAt]),
    ),
    officers: officers.map((o) => [
      o.id,
      o.name,
      o.phone,
      o.role,
      o.access,
      o.areas.join(' '),
      o.login,
      o.sub ?? '',
    ]),
    roster: patterns.map((p) => [
      p.id,
      p.area,
      p.officers.join(' '),
      formatDays(p.days),
      p.from,
      p.to,
      p.validFrom,
      p.validTo,
    ]),
    shifts: fileShifts.map((s) => [
      s.area,
      s.officer,
      formatZoned(new Date(s.start), tz),
      formatZoned(new Date(s.end), tz),
    ]),
    playbooks: playbooks.flatMap((p) =>
      p.steps.map((s) => [p.category, String(s.step), s.text.vi, s.text.en]),
    ),
  };

  await mkdir(folder, { recursive: true });
  const written: Partial<Record<FileKey, number>> = {};
  for (const key of Object.keys(FILES) as FileKey[]) {
    const list = rows[key];
    if (list.length === 0 && key !== 'areas') continue;
    await writeFile(join(folder, FILES[key].file), formatCsv(FILES[key].columns, list), 'utf8');
    written[key] = list.length;
  }
  return written;
}
