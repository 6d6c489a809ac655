import type { Area, AreaKind } from '../../functions/areas/model';
import { areaItems, getArea } from '../../functions/areas/store';
import { categoryItem, getCategory } from '../../functions/categories/store';
import { contactItem, contactKeys, contactLocatorItem } from '../../functions/contacts/store';
import type { SelfManagementModel } from '../../functions/directory/model';
import { getModel, groupItem, modelItem } from '../../functions/directory/store';
import { allPlaybooks, playbookItem, playbookKeys } from '../../functions/playbooks/store';
import type { Shift } from '../../functions/roster/model';
import { expandPattern } from '../../functions/roster/pattern';
import {
  allOfficers,
  getOfficers,
  officerItem,
  rosterKeys,
  rosterPatternItem,
  rosterPatterns,
  shiftItem,
  shiftsInArea,
  shiftsOfOfficer,
} from '../../functions/roster/store';
import type { Province } from '../../functions/shared/province';
import type { Store } from '../../functions/shared/store/client';
import { areaBox, BOX_AREA_KINDS, groupBox } from '../../functions/suggestions/model';
import { boxItem } from '../../functions/suggestions/store';
import { applyUnits, type Unit } from './apply';
import { inParallel, type Key } from './batch';
import type { CsvProblem } from './csv';
import { FILE_ORDER, FILES, type FileKey } from './rows';
import { type StoredRecords, type ValidatedProvince, validateFolder } from './validate';

const BOXES_GROUP = 'boxes (from areas.csv, groups.csv)';
const ROSTER_SHIFTS_GROUP = 'shifts (from roster.csv)';

interface FileCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  deleted: number;
}

export interface ImportSummary {
  /** False when rows were invalid and `partial` was not asked: then nothing was written. */
  written: boolean;
  /** Per data file (and per derived record kind, e.g. boxes), in import order. */
  files: Record<string, FileCounts>;
  errors: CsvProblem[];
  itemsWritten: number;
  itemsDeleted: number;
  seconds: number;
}

export interface ImportOptions {
  province: Province;
  now: Date;
  /** Write the good rows even when some are invalid (and list the bad ones). */
  partial?: boolean;
  onProgress?: (line: string) => void;
}

/** Records the folder refers to but does not hold, read from the table in bulk. */
export function storedRecords(store: Store): StoredRecords {
  const each = async <T>(ids: string[], read: (id: string) => Promise<T | undefined>) => {
    const found = new Map<string, T>();
    await inParallel(ids, 16, async (id) => {
      const value = await read(id);
      if (value) found.set(id, value);
    });
    return found;
  };
  return {
    areas: (codes) => each<Area>(codes, (code) => getArea(store, code)),
    officers: (ids) => getOfficers(store, ids),
    models: (ids) => each<SelfManagementModel>(ids, (id) => getModel(store, id)),
    categories: async (codes) => new Set((await each(codes, (code) => getCategory(store, code))).keys()),
  };
}

const keyOnly = (item: Record<string, unknown>): Key => ({ pk: item.pk as string, sk: item.sk as string });

/** The area a stored area item describes, to find the name-index items of its old name. */
function storedArea(item: Record<string, unknown>): Area {
  return {
    code: item.code as string,
    name: item.name as string,
    kind: item.kind as AreaKind,
    ancestors: (item.ancestors as string[] | undefined) ?? [],
    ...(item.parent ? { parent: item.parent as string } : {}),
  };
}

/**
 * Imports a province folder (see infra/provinces/README.md) into the table: validates every row
 * of every file first; writes nothing when any row is invalid unless `partial`; then upserts only
 * what differs, so that a second run reports everything unchanged. `npm start` seeds the demo
 * through this, and the CLI wraps it.
 */
export async function importProvince(
  store: Store,
  folder: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = Date.now();
  const data = await validateFolder(folder, {
    province: options.province,
    now: options.now,
    stored: storedRecords(store),
  });
  const files: Record<string, FileCounts> = {};
  for (const key of data.present)
    files[FILES[key].file] = {
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: data.counts[key]?.rejected ?? 0,
      deleted: 0,
    };
  const failed = data.errors.length > 0;
  if (failed && !options.partial) {
    return {
      written: false,
      files,
      errors: data.errors,
      itemsWritten: 0,
      itemsDeleted: 0,
      seconds: elapsed(started),
    };
  }
  options.onProgress?.(`validated ${describeCounts(data)}`);

  const { units, sweeps } = await plan(store, data, options);
  const result = await applyUnits(store, units, sweeps, { onProgress: options.onProgress });

  for (const [group, counts] of result.groups) {
    const rejected = files[group]?.rejected ?? 0;
    files[group] = { ...counts, rejected };
  }
  return {
    written: true,
    files,
    errors: data.errors,
    itemsWritten: result.itemsWritten,
    itemsDeleted: result.itemsDeleted,
    seconds: elapsed(started),
  };
}

function elapsed(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}

function describeCounts(data: ValidatedProvince): string {
  return FILE_ORDER.filter((k) => data.counts[k])
    .map((k) => `${FILES[k].file} ${data.counts[k]?.rows.toLocaleString('en')} rows`)
    .join(', ');
}

async function plan(
  store: Store,
  data: ValidatedProvince,
  options: ImportOptions,
): Promise<{ units: Unit[]; sweeps: { group: string; keys: Key[] }[] }> {
  const group = (key: FileKey) => FILES[key].file;
  const units: Unit[] = [];

  for (const { value: area } of data.areas) {
    const items = areaItems(area);
    units.push({
      group: group('areas'),
      items,
      // A renamed area's old name entries would still find it by the old name.
      stale: ([stored]) => (stored ? areaItems(storedArea(stored)).map(keyOnly) : []),
    });
  }
  for (const { value } of data.categories)
    units.push({ group: group('categories'), items: [categoryItem(value)] });
  for (const { value } of data.models) units.push({ group: group('models'), items: [modelItem(value)] });
  for (const { value } of data.groups) units.push({ group: group('groups'), items: [groupItem(value)] });
  for (const { value: area } of data.areas)
    if ((BOX_AREA_KINDS as readonly string[]).includes(area.kind))
      units.push({ group: BOXES_GROUP, items: [boxItem(areaBox(area))] });
  for (const { value } of data.groups) units.push({ group: BOXES_GROUP, items: [boxItem(groupBox(value))] });
  for (const { value: contact } of data.contacts)
    units.push({
      group: group('contacts'),
      items: [contactItem(contact), contactLocatorItem(contact)],
      // A contact moved to another place must leave the old place's list.
      stale: ([, locator]) =>
        locator && locator.area !== contact.area
          ? [contactKeys.contact(locator.area as string, contact.id)]
          : [],
    });
  for (const { value } of data.officers)
    units.push({
      group: group('officers'),
      items: [officerItem(value)],
      // A row without a sub keeps the Cognito user the officer is bound to (by a first sign-in).
      withStored: ([stored]) =>
        !value.sub && typeof stored?.sub === 'string'
          ? [officerItem({ ...value, sub: stored.sub })]
          : undefined,
    });

  const sweeps: { group: string; keys: Key[] }[] = [];
  if (data.present.includes('officers')) sweeps.push(...(await formerOfficers(store, data, options.now)));
  if (data.present.includes('roster')) {
    const context = { now: options.now, timeZone: options.province.timeZone };
    const generated = data.roster.map(({ value: pattern }) => ({
      pattern,
      shifts: expandPattern(pattern, context),
    }));
    const rota = await storedRota(
      store,
      data,
      generated.flatMap((g) => g.shifts),
      options.now,
    );
    sweeps.push(...rota.sweeps);
    for (const { pattern, shifts } of generated) {
      units.push({ group: group('roster'), items: [rosterPatternItem(pattern)] });
      for (const shift of shifts) {
        // History stays as it was: a past slot of this pattern already held by someone is not rewritten.
        const slot = `${shift.roster}#${shift.start}`;
        if (rota.pastSlots.has(slot) && !rota.pastSlots.get(slot)?.has(shift.officer)) continue;
        units.push({ group: ROSTER_SHIFTS_GROUP, items: [shiftItem(shift)] });
      }
    }
  }
  // After the roster's: a shift given in shifts.csv wins over the same one from a pattern.
  for (const { value } of data.shifts) units.push({ group: group('shifts'), items: [shiftItem(value)] });
  for (const { value } of data.playbooks)
    units.push({ group: group('playbooks'), items: [playbookItem(value)] });
  if (data.present.includes('playbooks')) sweeps.push(await formerPlaybooks(store, data));
  return { units, sweeps };
}

/**
 * playbooks.csv is every playbook of the province: a category it no longer names has none any more.
 * A category named only on rejected rows (`--partial`) keeps the playbook it had.
 */
async function formerPlaybooks(store: Store, data: ValidatedProvince) {
  const named = new Set(data.playbookCategoriesMentioned);
  const gone = (await allPlaybooks(store)).filter((p) => !named.has(p.category));
  return { group: FILES.playbooks.file, keys: gone.map((p) => playbookKeys.playbook(p.category)) };
}

/**
 * officers.csv is the whole list: an officer it no longer names has left, and goes — their item (name,
 * phone, e-mail) and their future shifts. Past shifts keep only the officer's id (who was on duty when
 * a report came in). When a row of the file is rejected (`partial`), nobody is removed: that row may be
 * an officer who stays.
 */
async function formerOfficers(store: Store, data: ValidatedProvince, now: Date) {
  if ((data.counts.officers?.rejected ?? 0) > 0) return [];
  const named = new Set(data.officers.map(({ value }) => value.id));
  const gone = (await allOfficers(store)).filter((officer) => !named.has(officer.id));
  const futureShifts: Key[] = [];
  await inParallel(gone, 8, async (officer) => {
    for (const shift of await shiftsOfOfficer(store, officer.id, now, FAR_FUTURE))
      if (shift.start > now.toISOString()) futureShifts.push(keyOnly(shiftItem(shift)));
  });
  return [
    { group: FILES.officers.file, keys: gone.map((officer) => rosterKeys.officer(officer.id)) },
    { group: FILES.shifts.file, keys: futureShifts },
  ];
}

const FAR_FUTURE = new Date('9999-12-31T00:00:00.000Z');

/**
 * roster.csv is the whole rota: stored patterns it no longer names are deleted, and so are the
 * future shifts of its patterns that the new rota no longer generates. Past shifts are history (who
 * was on duty when a report came in) and are never deleted nor reassigned. A pattern named on a
 * rejected row is left as it was.
 */
async function storedRota(store: Store, data: ValidatedProvince, generated: readonly Shift[], now: Date) {
  const named = new Set(data.rosterIdsMentioned);
  const good = new Set(data.roster.map((r) => r.value.id));
  const dropped = (await rosterPatterns(store)).filter((p) => !named.has(p.id));
  const swept = new Set([...good, ...dropped.map((p) => p.id)]);
  const areas = new Set([...data.roster.map((r) => r.value.area), ...dropped.map((p) => p.area)]);
  const nowIso = now.toISOString();
  let earliest = nowIso;
  for (const shift of generated) if (shift.start < earliest) earliest = shift.start;
  const futureShifts: Key[] = [];
  /** roster#start → officers already holding that past slot. */
  const pastSlots = new Map<string, Set<string>>();
  await inParallel([...areas], 8, async (area) => {
    for (const shift of await shiftsInArea(store, area, earliest, '9999')) {
      if (shift.source !== 'roster' || !shift.roster || !swept.has(shift.roster)) continue;
      if (shift.start > nowIso) futureShifts.push(keyOnly(shiftItem(shift)));
      else {
        const slot = `${shift.roster}#${shift.start}`;
        pastSlots.set(slot, (pastSlots.get(slot) ?? new Set()).add(shift.officer));
      }
    }
  });
  return {
    pastSlots,
    sweeps: [
      { group: FILES.roster.file, keys: dropped.map((p) => rosterKeys.pattern(p.id)) },
      { group: ROSTER_SHIFTS_GROUP, keys: futureShifts },
    ],
  };
}

/** The summary as aligned lines for a terminal. */
export function formatSummary(summary: ImportSummary): string[] {
  const header = ['file', 'created', 'updated', 'unchanged', 'rejected', 'deleted'];
  const rows = Object.entries(summary.files).map(([file, f]) => [
    file,
    ...[f.created, f.updated, f.unchanged, f.rejected, f.deleted].map((n) => n.toLocaleString('en')),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)];
}
