import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import type { Area, AreaKind } from '../../functions/areas/model';
import type { Category } from '../../functions/categories/model';
import { routeProblem } from '../../functions/categories/route';
import type { Contact } from '../../functions/contacts/model';
import type { SelfManagementGroup, SelfManagementModel } from '../../functions/directory/model';
import type { Playbook } from '../../functions/playbooks/model';
import { MAX_SHIFT_MS, type Officer, type Shift, servesArea } from '../../functions/roster/model';
import {
  daysBetween,
  MAX_PATTERN_DAYS,
  type RosterPattern,
  resolveDateSpec,
} from '../../functions/roster/pattern';
import type { Province } from '../../functions/shared/province';
import { localDate } from '../../functions/shared/time';
import { CsvError, type CsvProblem, parseCsv } from './csv';
import {
  type AreaRowT,
  type CategoryRowT,
  type ContactRowT,
  FILE_ORDER,
  FILES,
  type FileKey,
  type GroupRowT,
  type ModelRowT,
  type OfficerRowT,
  type PlaybookRowT,
  type RosterRowT,
  type ShiftRowT,
} from './rows';

/** What is already in the table, for references to rows that are not in the folder. */
export interface StoredRecords {
  areas(codes: string[]): Promise<Map<string, Area>>;
  officers(ids: string[]): Promise<Map<string, Officer>>;
  models(ids: string[]): Promise<Map<string, SelfManagementModel>>;
  /** The codes among these of the categories the table holds. */
  categories(codes: string[]): Promise<Set<string>>;
}

interface Located<T> {
  file: FileKey;
  line: number;
  value: T;
}

export interface ValidatedProvince {
  present: FileKey[];
  /** Data rows read and rows rejected, per file present. */
  counts: Partial<Record<FileKey, { rows: number; rejected: number }>>;
  errors: CsvProblem[];
  areas: Located<Area>[];
  categories: Located<Category>[];
  models: Located<SelfManagementModel>[];
  groups: Located<SelfManagementGroup>[];
  contacts: Located<Contact>[];
  officers: Located<Officer>[];
  roster: Located<RosterPattern>[];
  shifts: Located<Shift>[];
  /** Every pattern id roster.csv names, on good rows or bad: a rejected pattern is left as stored. */
  rosterIdsMentioned: string[];
  /** One per category whose every row is good, steps in order. */
  playbooks: Located<Playbook>[];
  /** Every category playbooks.csv names, on good rows or bad: a rejected playbook is left as stored. */
  playbookCategoriesMentioned: string[];
}

interface Row {
  line: number;
  /** Where each column's cell starts, for errors found after parsing. */
  cellLines: Map<string, number>;
  /** The cells as read, to name a rejected row's code in the errors of rows that refer to it. */
  raw: Record<string, string>;
  data: unknown;
  bad: boolean;
}

interface LoadedFile {
  key: FileKey;
  header: string[];
  rows: Row[];
}

const LEVEL: Record<AreaKind, number> = {
  province: 0,
  commune: 1,
  ward: 1,
  special_zone: 1,
  village: 2,
  hamlet: 2,
  residential_group: 2,
};

class Problems {
  readonly list: CsvProblem[] = [];

  file(key: FileKey, reason: string, line?: number): void {
    this.list.push({ file: FILES[key].file, ...(line !== undefined ? { line } : {}), reason });
  }

  /** Rejects a row, naming the column (and the line its cell starts on) when there is one. */
  row(loaded: LoadedFile, row: Row, column: string | undefined, reason: string): void {
    row.bad = true;
    const index = column ? loaded.header.indexOf(column) : -1;
    this.list.push({
      file: FILES[loaded.key].file,
      line: column ? (row.cellLines.get(column) ?? row.line) : row.line,
      ...(index >= 0 ? { column: index + 1, columnName: column } : {}),
      reason,
    });
  }
}

async function loadFile(folder: string, key: FileKey, problems: Problems): Promise<LoadedFile | undefined> {
  const spec = FILES[key];
  let table: ReturnType<typeof parseCsv>;
  try {
    table = parseCsv(await readFile(join(folder, spec.file)), spec.file);
  } catch (error) {
    if (error instanceof CsvError) {
      problems.list.push(error.problem);
      return undefined;
    }
    throw error;
  }
  const required = spec.columns.filter((c) => !(spec.optionalColumns as readonly string[]).includes(c));
  const missing = required.filter((c) => !table.header.includes(c));
  const unknown = table.header.filter((c) => !(spec.columns as readonly string[]).includes(c));
  const repeated = table.header.filter((c, i) => table.header.indexOf(c) !== i);
  if (missing.length || unknown.length || repeated.length) {
    const parts = [
      missing.length ? `missing column(s) ${missing.join(', ')}` : '',
      unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
      repeated.length ? `repeated column(s) ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    problems.file(key, `${parts.join('; ')} (expected: ${spec.columns.join(',')})`, 1);
    return undefined;
  }
  const loaded: LoadedFile = { key, header: table.header, rows: [] };
  const badLines = new Set<number>();
  for (const p of table.problems) {
    problems.list.push(p);
    if (p.line !== undefined) badLines.add(p.line);
  }
  for (const record of table.records) {
    const raw: Record<string, string> = {};
    const cellLines = new Map<string, number>();
    table.header.forEach((column, i) => {
      raw[column] = record.cells[i]?.value ?? '';
      cellLines.set(column, record.cells[i]?.line ?? record.line);
    });
    const row: Row = { line: record.line, cellLines, raw, data: undefined, bad: false };
    // A cell cut short or a row of the wrong width is already reported; parse it anyway for more.
    if (record.cells.some((c) => badLines.has(c.line)) || badLines.has(record.line)) row.bad = true;
    const parsed = z.safeParse(spec.row, raw);
    if (parsed.success) row.data = parsed.data;
    else {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        if (seen.has(column)) continue;
        seen.add(column);
        problems.row(loaded, row, column || undefined, issue.message);
      }
    }
    loaded.rows.push(row);
  }
  return loaded;
}

/** Code → the row that defines it (the first one; later ones are duplicates). */
class Registry<T> {
  private readonly rows = new Map<string, { line: number; row: Row; value: T | undefined }>();
  private readonly stored = new Map<string, T>();

  constructor(private readonly file: FileKey) {}

  /** Registers a row's code; false (and the first line) when the code is already taken. */
  claim(code: string, row: Row, value: T | undefined): number | undefined {
    const first = this.rows.get(code);
    if (first) return first.line;
    this.rows.set(code, { line: row.line, row, value });
    return undefined;
  }

  /** Records the value of a claimed code once its row is known to be good. */
  set(code: string, value: T): void {
    const own = this.rows.get(code);
    if (own) own.value = value;
  }

  addStored(found: Map<string, T>): void {
    for (const [code, value] of found) this.stored.set(code, value);
  }

  /** The value behind a code, or why a reference to it must be refused. */
  resolve(code: string, what: string): { value: T } | { reason: string } {
    const own = this.rows.get(code);
    if (own) {
      if (own.row.bad || own.value === undefined)
        return { reason: `${what} ${code} is rejected (${FILES[this.file].file} line ${own.line})` };
      return { value: own.value };
    }
    const stored = this.stored.get(code);
    if (stored) return { value: stored };
    return { reason: `unknown ${what} ${code}` };
  }
}

/**
 * Reads and checks every file of a province folder: each row against its file's schema, then
 * references across files (and to what the table already holds), duplicates, the area tree, the
 * roster. Returns the good rows as domain records and every problem found.
 */
export async function validateFolder(
  folder: string,
  context: { province: Province; now: Date; stored: StoredRecords },
): Promise<ValidatedProvince> {
  const problems = new Problems();
  const names = new Set(await readdir(folder));
  const known = new Set<string>(Object.values(FILES).map((f) => f.file));
  for (const name of [...names].sort()) {
    if (name.toLowerCase().endsWith('.csv') && !known.has(name))
      problems.list.push({
        file: name,
        reason: `unknown data file (expected: ${FILE_ORDER.map((k) => FILES[k].file).join(', ')})`,
      });
  }
  const present = FILE_ORDER.filter((key) => names.has(FILES[key].file));
  if (present.length === 0)
    problems.list.push({ file: folder, reason: 'no data files found in this folder' });

  const loaded = new Map<FileKey, LoadedFile>();
  const failedFiles = new Set<FileKey>();
  for (const key of present) {
    const file = await loadFile(folder, key, problems);
    if (file) loaded.set(key, file);
    else failedFiles.add(key);
  }
  const rowsOf = <T>(key: FileKey) =>
    (loaded.get(key)?.rows ?? []).map((row) => ({ row, data: row.data as T | undefined }));
  const fileOf = (key: FileKey) => loaded.get(key) as LoadedFile;

  // What the rows refer to that the folder does not define is looked up in the table, in bulk.
  const areaCodes = new Set<string>([context.province.rootArea]);
  const officerIds = new Set<string>();
  const modelIds = new Set<string>();
  for (const { data } of rowsOf<AreaRowT>('areas')) if (data?.parent) areaCodes.add(data.parent);
  for (const key of ['models', 'groups', 'contacts', 'roster', 'shifts'] as const)
    for (const { data } of rowsOf<{ area?: string }>(key)) if (data?.area) areaCodes.add(data.area);
  for (const { data } of rowsOf<OfficerRowT>('officers')) for (const a of data?.areas ?? []) areaCodes.add(a);
  for (const { data } of rowsOf<RosterRowT>('roster'))
    for (const o of data?.officers ?? []) officerIds.add(o);
  for (const { data } of rowsOf<ShiftRowT>('shifts')) if (data?.officer) officerIds.add(data.officer);
  for (const { data } of rowsOf<GroupRowT>('groups')) if (data?.model) modelIds.add(data.model);

  const areas = new Registry<Area>('areas');
  const officers = new Registry<Officer>('officers');
  const models = new Registry<SelfManagementModel>('models');
  const definedAreas = new Set(rowsOf<AreaRowT>('areas').flatMap(({ data }) => (data ? [data.code] : [])));
  const definedOfficers = new Set(
    rowsOf<OfficerRowT>('officers').flatMap(({ data }) => (data ? [data.id] : [])),
  );
  const definedModels = new Set(rowsOf<ModelRowT>('models').flatMap(({ data }) => (data ? [data.id] : [])));
  const definedCategories = new Set(
    (loaded.get('categories')?.rows ?? []).map((row) => row.raw.code ?? '').filter(Boolean),
  );
  const categoryCodes = new Set<string>();
  for (const { data } of rowsOf<PlaybookRowT>('playbooks'))
    if (data && !definedCategories.has(data.category)) categoryCodes.add(data.category);
  const [storedAreas, storedOfficers, storedModels, storedCategories] = await Promise.all([
    context.stored.areas([...areaCodes].filter((c) => !definedAreas.has(c))),
    context.stored.officers([...officerIds].filter((c) => !definedOfficers.has(c))),
    context.stored.models([...modelIds].filter((c) => !definedModels.has(c))),
    context.stored.categories([...categoryCodes]),
  ]);
  areas.addStored(storedAreas);
  officers.addStored(storedOfficers);
  models.addStored(storedModels);

  const out: ValidatedProvince = {
    present,
    counts: {},
    errors: problems.list,
    areas: [],
    categories: [],
    models: [],
    groups: [],
    contacts: [],
    officers: [],
    roster: [],
    shifts: [],
    rosterIdsMentioned: (loaded.get('roster')?.rows ?? []).map((r) => r.raw.id ?? '').filter(Boolean),
    playbooks: [],
    playbookCategoriesMentioned: [
      ...new Set((loaded.get('playbooks')?.rows ?? []).map((r) => r.raw.category ?? '').filter(Boolean)),
    ],
  };

  // A row that failed its schema still claims its code, so that rows referring to it are told
  // "rejected on line N" rather than "unknown".
  const claimRaw = <T>(key: FileKey, column: string, registry: Registry<T>) => {
    for (const { row, data } of rowsOf<unknown>(key)) {
      const code = row.raw[column];
      if (!data && code) registry.claim(code, row, undefined);
    }
  };

  if (loaded.has('areas')) {
    const file = fileOf('areas');
    const kinds = new Map<string, AreaKind>([...storedAreas].map(([code, a]) => [code, a.kind]));
    claimRaw('areas', 'code', areas);
    for (const { row, data } of rowsOf<AreaRowT>('areas')) {
      if (!data) continue;
      const first = areas.claim(data.code, row, undefined);
      if (first !== undefined)
        problems.row(file, row, 'code', `duplicate code ${data.code} (first on line ${first})`);
      else kinds.set(data.code, data.kind);
    }
    // Parents before children: the kind's level fixes the depth, so there can be no cycle.
    const byLevel = rowsOf<AreaRowT>('areas').sort(
      (a, b) => (a.data ? LEVEL[a.data.kind] : 9) - (b.data ? LEVEL[b.data.kind] : 9),
    );
    for (const { row, data } of byLevel) {
      if (!data || row.bad) continue;
      const area = resolveArea(file, row, data, { areas, kinds }, context.province.rootArea, problems);
      if (area) {
        areas.set(data.code, area);
        out.areas.push({ file: 'areas', line: row.line, value: area });
      }
    }
    out.areas.sort((a, b) => a.line - b.line);
  }

  if (loaded.has('categories')) {
    const file = fileOf('categories');
    const seen = new Map<string, number>();
    rowsOf<CategoryRowT>('categories').forEach(({ row, data }, index) => {
      if (!data) return;
      const first = seen.get(data.code);
      if (first !== undefined)
        problems.row(file, row, 'code', `duplicate code ${data.code} (first on line ${first})`);
      else seen.set(data.code, row.line);
      const unroutable = routeProblem(data);
      if (unroutable) problems.row(file, row, 'roles', unroutable);
      const twice = data.informed.find((role) => data.roles.includes(role));
      if (twice) problems.row(file, row, 'informed', `${twice} is already in roles (texted to take it)`);
      if (row.bad) return;
      out.categories.push({
        file: 'categories',
        line: row.line,
        value: {
          code: data.code,
          label: { vi: data.label_vi, en: data.label_en },
          urgency: data.urgency,
          mediable: data.mediable,
          order: index + 1,
          roles: data.roles,
          informed: data.informed,
        },
      });
    });
  }

  const place = (file: LoadedFile, row: Row, column: string, code: string): Area | undefined => {
    const found = areas.resolve(code, 'area');
    if ('reason' in found) {
      problems.row(file, row, column, found.reason);
      return undefined;
    }
    return found.value;
  };

  if (loaded.has('models')) {
    const file = fileOf('models');
    claimRaw('models', 'id', models);
    for (const { row, data } of rowsOf<ModelRowT>('models')) {
      if (!data) continue;
      const first = models.claim(data.id, row, undefined);
      if (first !== undefined)
        problems.row(file, row, 'id', `duplicate id ${data.id} (first on line ${first})`);
      place(file, row, 'area', data.area);
      if (row.bad) continue;
      const model: SelfManagementModel = {
        id: data.id,
        name: data.name,
        kind: data.kind,
        area: data.area,
        ...(data.started ? { started: data.started } : {}),
        status: data.status,
      };
      models.set(data.id, model);
      out.models.push({ file: 'models', line: row.line, value: model });
    }
  }

  if (loaded.has('groups')) {
    const file = fileOf('groups');
    const seen = new Map<string, number>();
    for (const { row, data } of rowsOf<GroupRowT>('groups')) {
      if (!data) continue;
      const first = seen.get(data.id);
      if (first !== undefined)
        problems.row(file, row, 'id', `duplicate id ${data.id} (first on line ${first})`);
      else seen.set(data.id, row.line);
      const area = place(file, row, 'area', data.area);
      const model = models.resolve(data.model, 'model');
      if ('reason' in model) problems.row(file, row, 'model', model.reason);
      else if (area && area.code !== model.value.area && !area.ancestors.includes(model.value.area))
        problems.row(
          file,
          row,
          'area',
          `area ${data.area} is not in the place of model ${data.model} (${model.value.area})`,
        );
      if (row.bad) continue;
      out.groups.push({
        file: 'groups',
        line: row.line,
        value: {
          id: data.id,
          name: data.name,
          model: data.model,
          area: data.area,
          leader: data.leader,
          members: data.members,
          ...(data.founded ? { founded: data.founded } : {}),
          status: data.status,
        },
      });
    }
  }

  if (loaded.has('contacts')) {
    const file = fileOf('contacts');
    const seen = new Map<string, number>();
    const tomorrow = localDate(new Date(context.now.getTime() + 86_400_000), context.province.timeZone);
    for (const { row, data } of rowsOf<ContactRowT>('contacts')) {
      if (!data) continue;
      const first = seen.get(data.id);
      if (first !== undefined)
        problems.row(file, row, 'id', `duplicate id ${data.id} (first on line ${first})`);
      else seen.set(data.id, row.line);
      place(file, row, 'area', data.area);
      if (data.verified_at > tomorrow) problems.row(file, row, 'verified_at', 'a check date in the future');
      if (row.bad) continue;
      out.contacts.push({
        file: 'contacts',
        line: row.line,
        value: {
          id: data.id,
          area: data.area,
          name: data.name,
          role: data.role,
          phone: data.phone,
          kind: data.kind,
          visibility: data.visibility,
          verifiedAt: data.verified_at,
        },
      });
    }
  }

  if (loaded.has('officers')) {
    const file = fileOf('officers');
    const logins = new Map<string, { id: string; line: number }>();
    const subs = new Map<string, { id: string; line: number }>();
    claimRaw('officers', 'id', officers);
    for (const { row, data } of rowsOf<OfficerRowT>('officers')) {
      if (!data) continue;
      const first = officers.claim(data.id, row, undefined);
      if (first !== undefined)
        problems.row(file, row, 'id', `duplicate id ${data.id} (first on line ${first})`);
      const login = logins.get(data.login);
      if (login)
        problems.row(
          file,
          row,
          'login',
          `login ${data.login} is already officer ${login.id}'s (line ${login.line})`,
        );
      else logins.set(data.login, { id: data.id, line: row.line });
      const sub = data.sub === undefined ? undefined : subs.get(data.sub);
      if (sub)
        problems.row(file, row, 'sub', `sub ${data.sub} is already officer ${sub.id}'s (line ${sub.line})`);
      else if (data.sub) subs.set(data.sub, { id: data.id, line: row.line });
      for (const code of data.areas) place(file, row, 'areas', code);
      if (row.bad) continue;
      const officer: Officer = {
        id: data.id,
        name: data.name,
        phone: data.phone,
        role: data.role,
        access: data.access,
        areas: data.areas,
        login: data.login,
        ...(data.sub ? { sub: data.sub } : {}),
      };
      officers.set(data.id, officer);
      out.officers.push({ file: 'officers', line: row.line, value: officer });
    }
  }

  const onDutyHere = (file: LoadedFile, row: Row, column: string, id: string, area: Area | undefined) => {
    const officer = officers.resolve(id, 'officer');
    if ('reason' in officer) problems.row(file, row, column, officer.reason);
    else if (area && !servesArea(officer.value.areas, area))
      problems.row(file, row, column, `officer ${id} does not serve area ${area.code}`);
  };

  if (loaded.has('roster')) {
    const file = fileOf('roster');
    const seen = new Map<string, number>();
    const today = localDate(context.now, context.province.timeZone);
    for (const { row, data } of rowsOf<RosterRowT>('roster')) {
      if (!data) continue;
      const first = seen.get(data.id);
      if (first !== undefined)
        problems.row(file, row, 'id', `duplicate id ${data.id} (first on line ${first})`);
      else seen.set(data.id, row.line);
      const area = place(file, row, 'area', data.area);
      for (const id of data.officers) onDutyHere(file, row, 'officers', id, area);
      const span = daysBetween(
        resolveDateSpec(data.valid_from, today),
        resolveDateSpec(data.valid_to, today),
      );
      if (span < 0) problems.row(file, row, 'valid_to', 'before valid_from');
      else if (span > MAX_PATTERN_DAYS)
        problems.row(file, row, 'valid_to', `more than ${MAX_PATTERN_DAYS} days after valid_from`);
      if (row.bad) continue;
      out.roster.push({
        file: 'roster',
        line: row.line,
        value: {
          id: data.id,
          area: data.area,
          officers: data.officers,
          days: data.days,
          from: data.from,
          to: data.to,
          validFrom: data.valid_from,
          validTo: data.valid_to,
        },
      });
    }
  }

  if (loaded.has('shifts')) {
    const file = fileOf('shifts');
    const seen = new Map<string, number>();
    for (const { row, data } of rowsOf<ShiftRowT>('shifts')) {
      if (!data) continue;
      const start = new Date(data.start);
      const end = new Date(data.end);
      const key = `${data.area}#${start.toISOString()}#${data.officer}`;
      const first = seen.get(key);
      if (first !== undefined) problems.row(file, row, 'start', `the same shift is on line ${first}`);
      else seen.set(key, row.line);
      const area = place(file, row, 'area', data.area);
      onDutyHere(file, row, 'officer', data.officer, area);
      const length = end.getTime() - start.getTime();
      if (length <= 0) problems.row(file, row, 'end', 'not after start');
      else if (length > MAX_SHIFT_MS) problems.row(file, row, 'end', 'more than 24 hours after start');
      if (row.bad) continue;
      out.shifts.push({
        file: 'shifts',
        line: row.line,
        value: {
          area: data.area,
          officer: data.officer,
          start: start.toISOString(),
          end: end.toISOString(),
          source: 'file',
        },
      });
    }
  }

  if (loaded.has('playbooks')) {
    // A category's rows in categories.csv: the first one's line, and whether the category was written.
    const categoryRows = new Map<string, { line: number; good: boolean }>();
    for (const row of loaded.get('categories')?.rows ?? []) {
      const code = row.raw.code ?? '';
      if (code && !categoryRows.has(code)) categoryRows.set(code, { line: row.line, good: false });
    }
    for (const { value } of out.categories) {
      const known = categoryRows.get(value.code);
      if (known) known.good = true;
    }
    out.playbooks = playbooksOf(fileOf('playbooks'), problems, (code) => {
      const own = categoryRows.get(code);
      if (own) return own.good ? undefined : `category ${code} is rejected (categories.csv line ${own.line})`;
      return storedCategories.has(code) ? undefined : `unknown category ${code}`;
    });
  }

  for (const key of present) {
    const file = loaded.get(key);
    if (!file) {
      out.counts[key] = { rows: 0, rejected: 0 };
      continue;
    }
    out.counts[key] = { rows: file.rows.length, rejected: file.rows.filter((r) => r.bad).length };
  }
  for (const key of failedFiles) out.counts[key] = { rows: 0, rejected: 0 };
  out.errors.sort(
    (a, b) =>
      fileRank(a.file) - fileRank(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
  return out;
}

/**
 * playbooks.csv: each category's steps numbered 1, 2, 3… once each and without a gap, for a category the
 * province has. Rows may come in any order; a category with any rejected row is not written at all
 * (half a playbook would tell an officer to skip what the province asks).
 */
function playbooksOf(
  file: LoadedFile,
  problems: Problems,
  categoryProblem: (code: string) => string | undefined,
): Located<Playbook>[] {
  const byCategory = new Map<string, { row: Row; data: PlaybookRowT }[]>();
  const order: string[] = [];
  /** The steps of rows rejected by their own cells: there, so not "missing". */
  const failed = new Map<string, Set<number>>();
  for (const row of file.rows) {
    const data = row.data as PlaybookRowT | undefined;
    if (!data) {
      const category = row.raw.category ?? '';
      if (category) failed.set(category, (failed.get(category) ?? new Set()).add(Number(row.raw.step)));
      continue;
    }
    if (!byCategory.has(data.category)) {
      byCategory.set(data.category, []);
      order.push(data.category);
    }
    byCategory.get(data.category)?.push({ row, data });
  }
  const out: Located<Playbook>[] = [];
  for (const category of order) {
    const rows = byCategory.get(category) ?? [];
    const unknown = categoryProblem(category);
    if (unknown) for (const { row } of rows) problems.row(file, row, 'category', unknown);
    const first = new Map<number, number>();
    for (const { row, data } of rows) {
      const line = first.get(data.step);
      if (line !== undefined)
        problems.row(file, row, 'step', `duplicate step ${data.step} of ${category} (first on line ${line})`);
      else first.set(data.step, row.line);
    }
    const numbers = [...new Set([...first.keys(), ...(failed.get(category) ?? [])])]
      .filter((n) => Number.isInteger(n) && n > 0)
      .sort((a, b) => a - b);
    numbers.forEach((n, i) => {
      const previous = i === 0 ? 0 : (numbers[i - 1] as number);
      if (n === previous + 1) return;
      const row = rows.find((r) => r.data.step === n && first.get(n) === r.row.line);
      const missing = n - previous === 2 ? `step ${previous + 1} is` : `steps ${previous + 1}–${n - 1} are`;
      if (row)
        problems.row(
          file,
          row.row,
          'step',
          i === 0
            ? `${category} starts at step ${n}: ${missing} missing`
            : `step ${n} of ${category} follows step ${previous}: ${missing} missing`,
        );
    });
    if (failed.has(category) || rows.some(({ row }) => row.bad)) continue;
    const steps = [...rows]
      .sort((a, b) => a.data.step - b.data.step)
      .map(({ data }) => ({ step: data.step, text: { vi: data.text_vi, en: data.text_en } }));
    out.push({ file: 'playbooks', line: rows[0]?.row.line ?? 0, value: { category, steps } });
  }
  return out;
}

function fileRank(file: string): number {
  const index = FILE_ORDER.findIndex((k) => FILES[k].file === file);
  return index < 0 ? -1 : index;
}

function resolveArea(
  file: LoadedFile,
  row: Row,
  data: AreaRowT,
  known: { areas: Registry<Area>; kinds: Map<string, AreaKind> },
  rootCode: string,
  problems: Problems,
): Area | undefined {
  if (data.kind === 'province') {
    if (data.code !== rootCode)
      problems.row(file, row, 'code', `the province's code is ${rootCode} (its config's rootArea)`);
    if (data.parent) problems.row(file, row, 'parent', 'the province has no parent');
    return row.bad ? undefined : { code: data.code, name: data.name, kind: 'province', ancestors: [] };
  }
  if (!data.parent) {
    problems.row(file, row, 'parent', `required (only the province ${rootCode} has none)`);
    return undefined;
  }
  const parentKind = known.kinds.get(data.parent);
  if (parentKind && LEVEL[parentKind] !== LEVEL[data.kind] - 1) {
    const expected = LEVEL[data.kind] === 1 ? 'the province' : 'a commune, ward or special zone';
    problems.row(
      file,
      row,
      'parent',
      `a ${data.kind}'s parent must be ${expected}, not ${parentKind} ${data.parent}`,
    );
    return undefined;
  }
  const parent = known.areas.resolve(data.parent, 'area');
  if ('reason' in parent) {
    problems.row(file, row, 'parent', parent.reason);
    return undefined;
  }
  return {
    code: data.code,
    name: data.name,
    kind: data.kind,
    parent: data.parent,
    ancestors: [...parent.value.ancestors, parent.value.code],
  };
}
