import { rmSync } from 'node:fs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ROUTES } from '../../functions/routes';
import { createDocumentClient } from '../../functions/shared/store/client';
import { buildFreshSite, lighthouseRows, pageRows } from './bench-pages';
import { dynamoRequest, inTurns, type LoadResult, type Loop } from './load';
import { ms, percentile, perSecond, progress, ratio } from './stats';
import {
  BENCH_OPEN311_PER_MINUTE,
  type BenchSystem,
  benchOpen311Key,
  dispatchQueueQuery,
  drained,
  holdDispatcher,
  OutboxWatcher,
  open311Request,
  postRequest,
  reportBodies,
  startBenchSystem,
  suggestionBodies,
} from './system';
import { goalMet, type Row } from './table';

export interface SystemOptions {
  concurrency: number;
  warmupMs: number;
  /** Each loop runs `slices` turns of `sliceMs`. */
  sliceMs: number;
  slices: number;
  submitters: number;
  reportsPerSubmitter: number;
  /** false: SMS latency and intake only (no site build, no Lighthouse), to try the system's figures out quickly. */
  pages?: boolean;
}

const describeLoad = (r: LoadResult, unit: string) => {
  const odd = Object.entries(r.unexpected)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
  return `${perSecond(r.perSecond, unit)}, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}${odd ? ` (unexpected: ${odd})` : ''}`;
};

/**
 * Report → SMS outbox: each submitter posts a report, waits for the outbox line about it, and
 * posts the next. A first round of one report per submitter is not counted (the system was just
 * started: handler modules load on first use, code is not compiled yet), as the intake loops have
 * their warm-up turn. Meanwhile one client queries the dispatcher's queue as the dispatcher does
 * (a pause of 20 ms between queries), for the baseline: one store round trip under the same load.
 */
async function smsLatency(system: BenchSystem, options: SystemOptions): Promise<Row[]> {
  const watcher = new OutboxWatcher(system.outboxFile);
  const body = reportBodies();
  const latencies: number[] = [];
  let missing = 0;
  let failed = 0;
  let sequence = 0;
  let running = true;
  let counting = false;
  const queryTimes: number[] = [];
  const submitter = async (reports: number) => {
    for (let i = 0; i < reports; i++) {
      const req = postRequest(system.url, '/api/reports', body(sequence++));
      const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body ?? '' });
      const answer = (await res.json()) as { id?: string };
      const answered = performance.now();
      if (res.status !== 201 || !answer.id) {
        failed++;
        continue;
      }
      const seen = await watcher.firstLine(answer.id, 10_000);
      if (seen === undefined) missing++;
      // The dispatcher may write the line before the answer has reached us: that is no wait at all.
      else if (counting) latencies.push(Math.max(0, seen - answered));
    }
  };
  const queryLoop = async () => {
    while (running) {
      const req = dispatchQueueQuery(system);
      const sent = performance.now();
      const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body ?? '' });
      await res.arrayBuffer();
      queryTimes.push(performance.now() - sent);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  let queries: Promise<void> | undefined;
  try {
    await Promise.all(Array.from({ length: options.submitters }, () => submitter(1)));
    counting = true;
    queries = queryLoop();
    await Promise.all(
      Array.from({ length: options.submitters }, () => submitter(options.reportsPerSubmitter)),
    );
  } finally {
    running = false;
    await queries;
    watcher.stop();
  }
  const total = options.submitters * options.reportsPerSubmitter;
  const p99 = percentile(latencies, 99);
  const queryP99 = percentile(queryTimes, 99);
  const trouble = [missing ? `${missing} never texted within 10 s` : '', failed ? `${failed} not stored` : '']
    .filter(Boolean)
    .join(', ');
  return [
    {
      section: 'dispatch',
      measure: `Report → SMS outbox line, ${options.submitters} concurrent submitters, ${total} reports after a warm-up round of ${options.submitters} (the gateway hands each stored report to the local worker at once, as the table stream does on AWS; the worker also polls the queue every 50 ms); ratio = p99 ÷ Query p99`,
      figure: `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(p99)}${trouble ? ` (${trouble})` : ''}`,
      baseline: `dispatch-queue Query (gsi2pk = DISPATCH, limit 25; sort key \`<rank>#<createdAt>#<id>\`, high urgency first) at the same time: p50 ${ms(percentile(queryTimes, 50))}, p99 ${ms(queryP99)}`,
      ratio: ratio(p99 / queryP99),
      goal: 'p99 ≤ 3× the Query p99',
      met: goalMet(p99 <= 3 * queryP99 && missing === 0 && failed === 0),
    },
  ];
}

async function intake(system: BenchSystem, options: SystemOptions): Promise<Row[]> {
  const suggestionsBuilt = ROUTES.some((r) => r.method === 'POST' && r.path === '/api/suggestions');
  const seconds = (options.slices * options.sliceMs) / 1000;
  const padding = 'x'.repeat(400);
  const report = reportBodies();
  const suggestion = suggestionBodies();
  let n = 0;
  const held = () => holdDispatcher(system, true);
  const raw: Loop = {
    expectStatus: 200,
    before: held,
    request: () =>
      dynamoRequest(system.dynamoEndpoint, 'PutItem', {
        TableName: system.table,
        Item: {
          pk: { S: `BENCH#${n++}` },
          sk: { S: 'PUT' },
          createdAt: { S: new Date().toISOString() },
          description: { S: padding },
        },
      }),
  };
  // The same PutItem through the AWS SDK's document client, made as the functions make it
  // (functions/shared/runtime.ts: createDocumentClient with the store's endpoint): what our code costs
  // on top of the SDK is the intake's ratio to this loop.
  const doc = createDocumentClient({
    region: process.env.AWS_REGION ?? 'ap-southeast-1',
    endpoint: system.dynamoEndpoint,
  });
  const sdk: Loop = {
    expectStatus: 200,
    before: held,
    call: async () => {
      const out = await doc.send(
        new PutCommand({
          TableName: system.table,
          Item: {
            pk: `BENCH#${n++}`,
            sk: 'PUT',
            createdAt: new Date().toISOString(),
            description: padding,
          },
        }),
      );
      return out.$metadata.httpStatusCode ?? 0;
    },
  };
  const postReport = () => postRequest(system.url, '/api/reports', report(n++));
  const apiKey = await benchOpen311Key(system, doc);
  const postOpen311 = () => open311Request(system.url, apiKey, report(n++));
  const loops: Loop[] = [
    raw,
    sdk,
    { expectStatus: 201, before: held, request: postReport },
    { expectStatus: 201, request: postReport },
    { expectStatus: 201, before: held, request: postOpen311 },
    ...(suggestionsBuilt
      ? [{ expectStatus: 201, request: () => postRequest(system.url, '/api/suggestions', suggestion(n++)) }]
      : []),
  ];
  progress(
    `intake: raw PutItem, SDK PutItem, POST /api/reports (dispatcher held), POST /api/reports (dispatching), POST /open311/v2/requests.json (dispatcher held)${suggestionsBuilt ? ', POST /api/suggestions' : ''} in turns of ${options.sliceMs / 1000} s, ${options.concurrency} concurrent, ${seconds} s each`,
  );
  const [store, sdkStore, reports, reportsDispatching, open311, suggestions] = await inTurns(loops, {
    concurrency: options.concurrency,
    warmupMs: options.warmupMs,
    sliceMs: options.sliceMs,
    slices: options.slices,
    // Each turn starts with the dispatcher running and idle: the reports of one turn must not slow the next.
    between: async () => {
      await holdDispatcher(system, false);
      await drained(system, 60_000);
    },
  });
  if (!store || !sdkStore || !reports || !reportsDispatching || !open311)
    throw new Error('intake: a loop gave no result');
  doc.destroy();
  const how = `${options.concurrency} concurrent, ${seconds} s in turns of ${options.sliceMs / 1000} s with the PutItem loops`;
  const baseline = `the same PutItem (0.5 KB item) through the AWS SDK document client as the functions make it (createDocumentClient, the system's dynalite), same client loop, dispatcher held: ${describeLoad(sdkStore, 'req')}; raw unsigned PutItem, same loop: ${describeLoad(store, 'req')}`;
  const sdkShort = `the SDK PutItem loop above: ${perSecond(sdkStore.perSecond, 'req')} (raw PutItem ${perSecond(store.perSecond, 'req')})`;
  const rows: Row[] = [
    {
      section: 'intake',
      measure: `Intake alone: POST /api/reports (JSON, a fresh Idempotency-Key each) through the local gateway, ${how}; the local dispatcher held meanwhile (POST /_local/dispatcher), as on AWS, where another function dispatches`,
      figure: describeLoad(reports, 'req'),
      baseline,
      ratio: ratio(reports.perSecond / sdkStore.perSecond),
      goal: '≥ 0.8× the SDK loop',
      met: goalMet(
        reports.perSecond / sdkStore.perSecond >= 0.8 &&
          Object.keys(reports.unexpected).length === 0 &&
          Object.keys(sdkStore.unexpected).length === 0,
      ),
    },
    {
      section: 'intake',
      measure: `Intake while dispatching: the same POST /api/reports loop, the local worker dispatching every report in the same process meanwhile (the SMS outbox, the counters; on AWS that is another function's work)`,
      figure: describeLoad(reportsDispatching, 'req'),
      baseline: sdkShort,
      ratio: ratio(reportsDispatching.perSecond / sdkStore.perSecond),
      goal: '— (the goal is for intake alone)',
      met: '—',
    },
    {
      section: 'intake',
      measure: `Intake alone: POST /open311/v2/requests.json (form-encoded: api_key, service_code, address_id, description, as an app's server sends them; a fresh Idempotency-Key each) through the local gateway, ${how}; the local dispatcher held meanwhile, as for POST /api/reports. The bench app's key is stored as issueKey stores one, under the system's own secret, but with a limit of ${BENCH_OPEN311_PER_MINUTE.toLocaleString('en')} a minute (issueKey allows at most 1,000, which this loop would pass within seconds): the key's per-minute counter is still taken on every request, never full`,
      figure: `${describeLoad(open311, 'req')}; ${ratio(open311.perSecond / reports.perSecond)} the POST /api/reports intake of this run`,
      baseline: sdkShort,
      ratio: ratio(open311.perSecond / sdkStore.perSecond),
      goal: '≥ 0.8× the SDK loop',
      met: goalMet(
        open311.perSecond / sdkStore.perSecond >= 0.8 &&
          Object.keys(open311.unexpected).length === 0 &&
          Object.keys(sdkStore.unexpected).length === 0,
      ),
    },
  ];
  rows.push(
    suggestions
      ? {
          section: 'intake',
          measure: `Intake: POST /api/suggestions (JSON, a fresh Idempotency-Key each, the demo's boxes) through the local gateway, ${how}`,
          figure: describeLoad(suggestions, 'req'),
          baseline: sdkShort,
          ratio: ratio(suggestions.perSecond / sdkStore.perSecond),
          goal: '≥ 0.8× the SDK loop',
          met: goalMet(
            suggestions.perSecond / sdkStore.perSecond >= 0.8 &&
              Object.keys(suggestions.unexpected).length === 0,
          ),
        }
      : {
          section: 'intake',
          measure: 'Intake: POST /api/suggestions',
          figure: 'not built yet (no such route in functions/routes.ts)',
          baseline: '—',
          ratio: '—',
          goal: '≥ 0.8× the SDK loop',
          met: '—',
        },
  );
  return rows;
}

/**
 * Everything measured against the running local system (`npm start` in a child process, bench
 * province): SMS latency first, on an idle system; then intake; then the pages and Lighthouse.
 */
export async function benchSystem(options: SystemOptions): Promise<Row[]> {
  progress('system: starting the local system (npm start, temp data folder, free port, bench province)');
  const system = await startBenchSystem();
  const rows: Row[] = [];
  let site: string | undefined;
  try {
    progress(
      `dispatch: ${options.submitters} submitters × ${options.reportsPerSubmitter} reports, watching the SMS outbox`,
    );
    rows.push(...(await smsLatency(system, options)));
    rows.push(...(await intake(system, options)));
    progress('system: waiting for the dispatcher to empty its queue');
    const left = await drained(system, 180_000);
    if (left > 0) progress(`system: ${left} reports still queued; going on`);
    if (options.pages === false) return rows;

    site = await buildFreshSite();
    rows.push(...pageRows(site));
    try {
      rows.push(...(await lighthouseRows(site, system.url)));
    } catch (error) {
      rows.push({
        section: 'page',
        measure: 'Lighthouse performance / accessibility',
        figure: `not measured: ${(error as Error).message.split('\n')[0]}`,
        baseline: '—',
        ratio: '—',
        goal: '—',
        met: '—',
      });
    }
    return rows;
  } finally {
    await system.stack.stop();
    if (site) rmSync(site, { recursive: true, force: true });
  }
}
