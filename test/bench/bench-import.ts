import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getArea } from '../../functions/areas/store';
import { parseProvince } from '../../functions/shared/province';
import { createDocumentClient, type Store } from '../../functions/shared/store/client';
import { foldForSearch } from '../../functions/shared/text';
import { batchWrite, type Item } from '../../infra/import/batch';
import { parseCsvText } from '../../infra/import/csv';
import { importProvince } from '../../infra/import/import';
import { ensureTable, startDynalite } from '../../infra/local/dynamo';
import { httpEvent, lambdaContext } from '../support/events';
import { generateProvince, LARGE_PROVINCE } from '../support/province-generator';
import { count, ms, percentile, perSecond, progress, ratio, timed } from './stats';
import { BENCH_PROVINCE_FILE } from './system';
import { goalMet, type Row } from './table';

/** The importer's own batch parallelism (infra/import/apply.ts), for the raw baseline. */
const IMPORT_PARALLEL = 4;

/** Every item of a table, to copy them for the baseline. Scan: a bench's tool, never a request path. */
async function allItems(store: Store): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out: ScanCommandOutput = await store.doc.send(
      new ScanCommand({ TableName: store.table, ExclusiveStartKey: start }),
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Sequential calls (one at a time, as latency is meant), their p99. */
async function p99Of(calls: number, call: (i: number) => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) times.push((await timed(() => call(i))).ms);
  return percentile(times, 99);
}

/** A deterministic pick, so that two runs ask the same questions. */
const pick = <T>(list: readonly T[], i: number): T => list[(i * 7919) % list.length] as T;

/**
 * The generated large province (170 communes/wards, 1,500 villages, 5,000 groups, 20,000 contacts)
 * imported into dynalite in a temporary folder, next to a raw BatchWrite of the same items; the
 * re-import; contact lookup and area search through their handlers, next to GetItem.
 * Runs in its own process: the handlers read their environment once, at import.
 */
export async function benchImport(options: { calls: number }): Promise<Row[]> {
  const temp = mkdtempSync(join(tmpdir(), 'tuquan-bench-import-'));
  const dynamo = await startDynalite(join(temp, 'dynamo'));
  try {
    const folder = join(temp, 'province');
    const counts = generateProvince(folder);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const province = parseProvince(
      JSON.parse(readFileSync(BENCH_PROVINCE_FILE, 'utf8')),
      'bench-province.json',
    );
    const doc = createDocumentClient({ region: 'local', endpoint: dynamo.endpoint });
    const store: Store = { doc, table: 'tuquan-import' };
    const raw: Store = { doc, table: 'tuquan-raw' };
    await ensureTable(dynamo.endpoint, store.table);
    await ensureTable(dynamo.endpoint, raw.table);
    const now = new Date();

    progress(`import: ${count(rows)} generated rows into dynalite (temp folder)`);
    const first = await timed(() => importProvince(store, folder, { province, now }));
    if (!first.value.written)
      throw new Error(
        `import: the generated province was refused: ${JSON.stringify(first.value.errors.slice(0, 3))}`,
      );
    const items = first.value.itemsWritten;
    progress(`import: ${count(items)} items in ${(first.ms / 1000).toFixed(1)} s; importing again`);
    const again = await timed(() => importProvince(store, folder, { province, now }));
    const changed = Object.values(again.value.files).reduce(
      (n, f) => n + f.created + f.updated + f.deleted,
      0,
    );

    progress('import: the same items by raw BatchWrite (baseline)');
    const copy = await allItems(store);
    const rawWrite = await timed(() =>
      batchWrite(
        raw,
        copy.map((put) => ({ put })),
        { parallel: IMPORT_PARALLEL },
      ),
    );

    progress(`import: ${options.calls} contact lookups, area searches and GetItems, one at a time`);
    Object.assign(process.env, {
      TUQUAN_TABLE: store.table,
      TUQUAN_DYNAMODB_ENDPOINT: dynamo.endpoint,
      TUQUAN_PROVINCE: JSON.stringify(province),
      TUQUAN_LOG_LEVEL: 'warn',
    });
    const contacts = (await import('../../functions/contacts/lookup.handler')).handler;
    const areas = (await import('../../functions/areas/list.handler')).handler;
    const areaRows = parseCsvText(readFileSync(join(folder, 'areas.csv'), 'utf8'), 'areas.csv').records.map(
      (r) => ({
        code: r.cells[0]?.value ?? '',
        name: r.cells[1]?.value ?? '',
        kind: r.cells[2]?.value ?? '',
      }),
    );
    const villages = areaRows.filter((a) => a.kind === 'residential_group');
    const searches = areaRows.map((a) => foldForSearch(a.name));
    const ask = async (handler: typeof contacts, path: string, query: Record<string, string>) => {
      const out = (await handler(
        httpEvent({ path, query, headers: { accept: 'application/json' } }),
        lambdaContext,
      )) as APIGatewayProxyStructuredResultV2;
      if (out.statusCode !== 200) throw new Error(`${path} ${JSON.stringify(query)}: ${out.statusCode}`);
    };
    // Warm both handlers (first calls load code and open connections), as a warm Lambda would be.
    await ask(contacts, '/api/contacts', { area: pick(villages, 1).code });
    await ask(areas, '/api/areas', { q: pick(searches, 1) });

    const lookupP99 = await p99Of(options.calls, (i) =>
      ask(contacts, '/api/contacts', { area: pick(villages, i).code }),
    );
    // A place's full name, its first word (many hits), or its first three letters (more), a third each.
    const searchP99 = await p99Of(options.calls, (i) => {
      const name = pick(searches, i);
      const q = i % 3 === 0 ? name : i % 3 === 1 ? (name.split(' ')[0] ?? name) : name.slice(0, 3);
      return ask(areas, '/api/areas', { q });
    });
    const getP99 = await p99Of(options.calls, async (i) => {
      if (!(await getArea(store, pick(villages, i).code))) throw new Error('area missing');
    });

    const importItemsPerSecond = items / (first.ms / 1000);
    const rawItemsPerSecond = copy.length / (rawWrite.ms / 1000);
    const sizes = LARGE_PROVINCE;
    return [
      {
        section: 'import',
        measure: `Import of the generated province (${sizes.communes} communes/wards, ${count(sizes.villages)} villages, ${count(sizes.groups)} groups, ${count(sizes.contacts)} contacts; ${count(rows)} rows → ${count(items)} items), dynalite in a temp folder`,
        figure: `${(first.ms / 1000).toFixed(1)} s: ${perSecond(rows / (first.ms / 1000), 'rows')}, ${perSecond(importItemsPerSecond, 'items')}`,
        baseline: `raw BatchWrite of the same ${count(copy.length)} items (${IMPORT_PARALLEL} × 25 at a time): ${(rawWrite.ms / 1000).toFixed(1)} s, ${perSecond(rawItemsPerSecond, 'items')}`,
        ratio: ratio(importItemsPerSecond / rawItemsPerSecond),
        goal: 'under 60 s',
        met: goalMet(first.ms < 60_000),
      },
      {
        section: 'import',
        measure: 'Re-import of the same files',
        figure: `${(again.ms / 1000).toFixed(1)} s, ${changed === 0 ? 'all unchanged' : `${count(changed)} items changed`}`,
        baseline: `first import ${(first.ms / 1000).toFixed(1)} s`,
        ratio: ratio(again.ms / first.ms),
        goal: 'reports "unchanged"',
        met: goalMet(changed === 0),
      },
      {
        section: 'import',
        measure: `Contact lookup p99 (GET /api/contacts?area=<village>, handler in-process, ${options.calls} calls)`,
        figure: ms(lookupP99),
        baseline: `GetItem p99 ${ms(getP99)} (getArea, ${options.calls} calls)`,
        ratio: ratio(lookupP99 / getP99),
        goal: '—',
        met: '—',
      },
      {
        section: 'import',
        measure: `Area search p99 (GET /api/areas?q=, full names / first words / 3 letters, ${options.calls} calls)`,
        figure: ms(searchP99),
        baseline: `GetItem p99 ${ms(getP99)}`,
        ratio: ratio(searchP99 / getP99),
        goal: '—',
        met: '—',
      },
    ];
  } finally {
    await dynamo.close();
    rmSync(temp, { recursive: true, force: true });
  }
}
