import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseProvince } from '../../functions/shared/province';
import { createDocumentClient, type Store } from '../../functions/shared/store/client';
import { GSM7_BASIC } from '../../functions/sms/model';
import { importProvince } from '../../infra/import/import';
import { ensureTable, startDynalite } from '../../infra/local/dynamo';
import { httpEvent, lambdaContext } from '../support/events';
import { ROOT } from './bundles';
import { progress, ratio } from './stats';
import { BENCH_PROVINCE_FILE, reportBodies } from './system';
import { goalMet, type Row } from './table';

const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand']);

interface Tally {
  operations: Map<string, number>;
  failed: number;
  readUnits: number;
  writeUnits: number;
}

const newTally = (): Tally => ({ operations: new Map(), failed: 0, readUnits: 0, writeUnits: 0 });

/**
 * Counts every command the handlers and the dispatcher send through the shared document client, and
 * asks each for its consumed capacity (ReturnConsumedCapacity TOTAL; dynalite reports the table's
 * units, not the indexes', and nothing for a write whose condition failed).
 */
function watchSends(store: Store, current: () => Tally): void {
  const send = store.doc.send.bind(store.doc) as (command: unknown) => Promise<unknown>;
  (store.doc as unknown as { send: (command: unknown) => Promise<unknown> }).send = async (command) => {
    const name = (command as object).constructor.name;
    const input = (command as { input: Record<string, unknown> }).input;
    input.ReturnConsumedCapacity = 'TOTAL';
    const tally = current();
    tally.operations.set(name, (tally.operations.get(name) ?? 0) + 1);
    try {
      const out = (await send(command)) as { ConsumedCapacity?: unknown };
      const consumed = [out.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number }[];
      const units = consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (WRITES.has(name)) tally.writeUnits += units;
      else tally.readUnits += units;
      return out;
    } catch (error) {
      tally.failed++;
      throw error;
    }
  };
}

const EXTENSION = new Set('\f^{}\\[~]|€');
const BASIC = new Set(GSM7_BASIC);

/** SMS segments of a text: GSM-7 (160, or 153 per part) when it can be, else UCS-2 (70, or 67). */
function smsSegments(text: string): { segments: number; encoding: 'GSM-7' | 'UCS-2' } {
  const chars = [...text];
  if (chars.every((c) => BASIC.has(c) || EXTENSION.has(c))) {
    const septets = chars.reduce((n, c) => n + (EXTENSION.has(c) ? 2 : 1), 0);
    return { segments: septets <= 160 ? 1 : Math.ceil(septets / 153), encoding: 'GSM-7' };
  }
  return { segments: text.length <= 70 ? 1 : Math.ceil(text.length / 67), encoding: 'UCS-2' };
}

const per = (value: number, reports: number) => (value / reports).toFixed(1).replace(/\.0$/, '');

function describe(tally: Tally, reports: number): string {
  const ops = [...tally.operations].map(([name, n]) => `${name.replace('Command', '')} ${per(n, reports)}`);
  return ops.join(', ');
}

const total = (tally: Tally) => [...tally.operations.values()].reduce((a, b) => a + b, 0);

/**
 * DynamoDB operations and consumed capacity per report, through the real handler and dispatcher on
 * an in-memory dynalite seeded with the demo province; SMS segments of every text they produce.
 * Runs in its own process: the functions read their environment once, at import.
 */
export async function benchCosts(options: { reports: number }): Promise<Row[]> {
  const dynamo = await startDynalite();
  const temp = mkdtempSync(join(tmpdir(), 'tuquan-bench-costs-'));
  try {
    const table = 'tuquan-bench';
    await ensureTable(dynamo.endpoint, table);
    // The demo's real baseUrl, so that the SMS carry a link as long as a deployed province's.
    const province = parseProvince(
      JSON.parse(readFileSync(BENCH_PROVINCE_FILE, 'utf8')),
      'bench-province.json',
    );
    const outbox = join(temp, 'sms-outbox.jsonl');
    Object.assign(process.env, {
      TUQUAN_TABLE: table,
      TUQUAN_DYNAMODB_ENDPOINT: dynamo.endpoint,
      TUQUAN_PROVINCE: JSON.stringify(province),
      TUQUAN_SECRET_FILE: join(temp, 'secret.key'),
      TUQUAN_SMS: 'outbox',
      TUQUAN_SMS_OUTBOX: outbox,
      TUQUAN_LOG_LEVEL: 'warn',
    });
    const seedStore: Store = {
      doc: createDocumentClient({ region: 'local', endpoint: dynamo.endpoint }),
      table,
    };
    progress('costs: seeding the demo province into an in-memory dynalite');
    await importProvince(seedStore, join(ROOT, 'infra', 'provinces', 'quang-ninh'), {
      province,
      now: new Date(),
    });

    const { runtime } = await import('../../functions/shared/runtime');
    const intake = newTally();
    const dispatch = newTally();
    let phase = intake;
    watchSends(runtime().store, () => phase);
    const { handler } = await import('../../functions/reports/create.handler');
    const { deps: dispatchPorts } = await import('../../functions/dispatch/deps');
    const { dispatchPending } = await import('../../functions/dispatch/dispatcher');

    progress(`costs: ${options.reports} reports through POST /api/reports, then the dispatcher`);
    const body = reportBodies();
    const ids: string[] = [];
    for (let n = 0; n < options.reports; n++) {
      const result = (await handler(
        httpEvent({
          method: 'POST',
          path: '/api/reports',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify(body(n)),
        }),
        lambdaContext,
      )) as APIGatewayProxyStructuredResultV2;
      if (result.statusCode !== 201) throw new Error(`report ${n}: ${result.statusCode} ${result.body}`);
      ids.push((JSON.parse(String(result.body)) as { id: string }).id);
    }
    phase = dispatch;
    const ports = dispatchPorts();
    while ((await dispatchPending(ports)) > 0) {
      // until the queue is empty
    }

    // The least a report could cost: one PutItem of the report item as stored (a copy, elsewhere).
    const { Item: stored } = await seedStore.doc.send(
      new GetCommand({ TableName: table, Key: { pk: `REPORT#${ids[0]}`, sk: 'REPORT' } }),
    );
    const bare = await seedStore.doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...stored, pk: 'BENCH#bare', sk: 'REPORT' },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    const bareUnits = bare.ConsumedCapacity?.CapacityUnits ?? 1;

    const sms = readFileSync(outbox, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { to: string; body: string; reportId?: string })
      .filter((line) => line.reportId);
    const segments = sms.map((s) => smsSegments(s.body));
    const maxSegments = Math.max(...segments.map((s) => s.segments));
    const longest = Math.max(...sms.map((s) => [...s.body].length));
    const encodings = [...new Set(segments.map((s) => s.encoding))].join(', ');
    const n = options.reports;
    const ops = total(intake) + total(dispatch);
    const units = intake.writeUnits + dispatch.writeUnits;

    return [
      {
        section: 'cost',
        measure: `DynamoDB operations per report, intake (POST /api/reports, JSON with a key; counted at the document client)`,
        figure: `${per(total(intake), n)} (${describe(intake, n)})`,
        baseline: '1 (a bare PutItem of the report)',
        ratio: ratio(total(intake) / n),
        goal: '—',
        met: '—',
      },
      {
        section: 'cost',
        measure: 'DynamoDB operations per report, dispatch (tier plan, claims, SMS counter, outcome)',
        figure: `${per(total(dispatch), n)} (${describe(dispatch, n)}), ${per(sms.length, n)} SMS`,
        baseline: '1 (a bare PutItem of the report)',
        ratio: ratio(total(dispatch) / n),
        goal: '—',
        met: '—',
      },
      {
        section: 'cost',
        measure:
          'Write capacity per report, intake + dispatch (ReturnConsumedCapacity TOTAL from dynalite: table only, no index writes, nothing for failed conditions)',
        figure: `${per(units, n)} WCU (intake ${per(intake.writeUnits, n)}, dispatch ${per(dispatch.writeUnits, n)}); reads ${per(intake.readUnits + dispatch.readUnits, n)} RCU; ${ops - intake.failed - dispatch.failed === ops ? 'no' : intake.failed + dispatch.failed} failed conditions`,
        baseline: `${bareUnits} WCU (the bare PutItem of a ${(JSON.stringify(stored).length / 1024).toFixed(1)} KB report item)`,
        ratio: ratio(units / n / bareUnits),
        goal: '—',
        met: '—',
      },
      {
        section: 'cost',
        measure: `SMS segments per alert (${sms.length} SMS from ${n} reports over the demo's places and categories, baseUrl ${province.baseUrl})`,
        figure: `${maxSegments === 1 ? '1 segment each' : `up to ${maxSegments} segments`}, ${encodings}, longest ${longest} chars`,
        baseline: '1 segment (160 GSM-7 characters)',
        ratio: ratio(maxSegments),
        goal: '1 segment, GSM-7',
        met: goalMet(maxSegments === 1 && encodings === 'GSM-7'),
      },
    ];
  } finally {
    await dynamo.close();
    rmSync(temp, { recursive: true, force: true });
  }
}
