import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RateLimiter } from '../../functions/shared/http/rate-limit';
import { type Province, parseProvince } from '../../functions/shared/province';
import { localDate, zoneOffsetMs } from '../../functions/shared/time';
import { ROOT } from './bundles';
import { dynamoRequest } from './load';
import { count, ms, percentile, progress, ratio } from './stats';
import {
  type BenchSystem,
  demoRows,
  dispatchQueueQuery,
  type OutboxLine,
  OutboxWatcher,
  queued,
  startBenchSystem,
} from './system';
import { goalMet, type Row } from './table';

export interface FloodOptions {
  /** Phase A: the genuine high-urgency stream alone, ms. */
  calmMs: number;
  /** Phase B: the same stream while the flood runs, ms. */
  floodMs: number;
  /** One genuine high-urgency report every this many ms. */
  spacingMs: number;
  /** Flood clients each on an address of its own. */
  genuineClients: number;
  /** Flood clients all on one address, each request with a new spoofed client header. */
  spoofingClients: number;
  /** A genuine report without an SMS this long after its answer counts as never texted. */
  textedWithinMs: number;
}

/** The demo province as it ships (infra/provinces/quang-ninh.json). */
const DEMO_PROVINCE_FILE = join(ROOT, 'infra', 'provinces', 'quang-ninh.json');

const GENUINE_SUBMITTER_ADDRESS = '127.0.0.250';
const SPOOFERS_ADDRESS = '127.0.0.200';
const genuineFloodAddress = (i: number) => `127.0.0.${11 + i}`;

/** A summary SMS (functions/dispatch/message.ts summaryText): "<n> tin bao moi: …". */
const SUMMARY = /^(?:TuQuan \S+: )?(\d+) tin bao moi/;

/**
 * The flood's province: the demo's file (its id, so the demo is seeded) with its real rate limits,
 * SMS cap and per-phone throttle, stage dev, and no challenge routes: a flood client would only spend
 * the machine's CPU solving proofs of work, CPU the system under test then lacks.
 */
function writeFloodProvince(dir: string): { file: string; province: Province } {
  const raw = JSON.parse(readFileSync(DEMO_PROVINCE_FILE, 'utf8')) as Record<string, unknown>;
  const flood = { ...raw, stage: 'dev', challengeRoutes: [] };
  const file = join(dir, 'flood-province.json');
  writeFileSync(file, JSON.stringify(flood, null, 2));
  return { file, province: parseProvince(flood, file) };
}

/** Minutes since local midnight of "HH:MM". */
const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

interface Places {
  /** Every place (not the province) with an officer of its own on duty now, with a phone. */
  staffed: { code: string; kind: string }[];
  /** The places with a police officer of their own on duty now, with a phone: each a phone of its own. */
  policed: string[];
  /** High-urgency categories texted to the police alone (categories.csv: roles police, nobody informed). */
  policeHigh: string[];
  /** Categories of each urgency, from categories.csv. */
  high: string[];
  normal: string[];
}

/**
 * The demo's places whose own officers are on duty now (roster.csv: daily shifts, read at the
 * province's wall-clock time) and have a phone (officers.csv), and its categories by urgency.
 */
function demoPlaces(province: Province, now: Date): Places {
  const local = new Date(now.getTime() + zoneOffsetMs(now, province.timeZone));
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const phones = new Map(demoRows('officers.csv').map((c) => [c[0] ?? '', (c[2] ?? '').trim()]));
  const police = new Set(
    demoRows('officers.csv')
      .filter((c) => c[3] === 'police')
      .map((c) => c[0] ?? ''),
  );
  const onDuty = new Set<string>();
  const policed = new Set<string>();
  for (const [, area, officers, days, from, to] of demoRows('roster.csv')) {
    if (!area || !officers || days !== 'daily' || !from || !to) continue;
    const start = minutesOf(from);
    const end = minutesOf(to);
    const covers = start < end ? minute >= start && minute < end : minute >= start || minute < end;
    const ids = covers ? officers.split(/[\s;|]+/).filter((id) => phones.get(id)) : [];
    if (ids.length > 0) onDuty.add(area);
    if (ids.some((id) => police.has(id))) policed.add(area);
  }
  const staffed = demoRows('areas.csv')
    .filter((c) => c[2] !== 'province' && onDuty.has(c[0] ?? ''))
    .map((c) => ({ code: c[0] ?? '', kind: c[2] ?? '' }));
  const categories = demoRows('categories.csv');
  const of = (urgency: string) => categories.filter((c) => c[3] === urgency).map((c) => c[0] ?? '');
  const policeHigh = categories
    .filter((c) => c[3] === 'high' && (c[5] ?? '').trim() === 'police' && !(c[6] ?? '').trim())
    .map((c) => c[0] ?? '');
  return {
    staffed,
    policed: staffed.map((p) => p.code).filter((code) => policed.has(code)),
    policeHigh,
    high: of('high'),
    normal: of('normal'),
  };
}

interface Answer {
  status: number;
  text: string;
}

/**
 * One HTTP client on one loopback address: its sockets are bound to `localAddress` (all of 127/8
 * reaches the local gateway, which takes the socket's address as the client's), kept alive and one
 * at a time, as a closed-loop client sends. node:http's own `localAddress`: undici, whose Agent takes
 * `connect.localAddress`, is no dependency of this project (Node's fetch keeps its copy to itself).
 */
function clientOn(localAddress: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = (url: string, headers: Record<string, string>, body: string) =>
    new Promise<Answer>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          localAddress,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

const jsonHeaders = () => ({
  'content-type': 'application/json',
  accept: 'application/json',
  'accept-language': 'vi',
  'idempotency-key': randomUUID(),
});

const randomIp = () =>
  `${1 + Math.floor(Math.random() * 222)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

interface GroupTally {
  name: string;
  sent: number;
  created: number;
  limited: number;
  other: Record<string, number>;
}

const tallyOf = (name: string): GroupTally => ({ name, sent: 0, created: 0, limited: 0, other: {} });

/**
 * The flood: closed-loop clients posting normal reports to one ward until `stopAt`. The ids of the
 * reports stored (201) go to `stored`.
 */
async function flood(
  system: BenchSystem,
  ward: string,
  categories: readonly string[],
  options: FloodOptions,
  stopAt: number,
  stored: Set<string>,
): Promise<{ spoofers: GroupTally; genuine: GroupTally[] }> {
  const url = `${system.url}/api/reports`;
  let n = 0;
  const body = () => {
    const i = n++;
    return JSON.stringify({
      area: ward,
      category: categories[i % categories.length],
      description: `Flood report ${i}: a group of people keeps gathering at the market gate tonight.`,
    });
  };
  const run = async (post: ReturnType<typeof clientOn>['post'], tally: GroupTally, spoof: boolean) => {
    while (performance.now() < stopAt) {
      const headers: Record<string, string> = jsonHeaders();
      if (spoof) {
        const ip = randomIp();
        headers['cloudfront-viewer-address'] = `${ip}:${1024 + Math.floor(Math.random() * 60_000)}`;
        headers['x-forwarded-for'] = ip;
      }
      tally.sent++;
      try {
        const answer = await post(url, headers, body());
        if (answer.status === 201) {
          tally.created++;
          const id = (JSON.parse(answer.text) as { id?: string }).id;
          if (id) stored.add(id);
        } else if (answer.status === 429) tally.limited++;
        else tally.other[answer.status] = (tally.other[answer.status] ?? 0) + 1;
      } catch (error) {
        const name = (error as Error).name;
        tally.other[name] = (tally.other[name] ?? 0) + 1;
      }
    }
  };
  const spoofers = tallyOf(`spoofers (${options.spoofingClients} clients on ${SPOOFERS_ADDRESS})`);
  const spoofClients = Array.from({ length: options.spoofingClients }, () => clientOn(SPOOFERS_ADDRESS));
  const genuine = Array.from({ length: options.genuineClients }, (_, i) => tallyOf(genuineFloodAddress(i)));
  const genuineClients = genuine.map((t) => clientOn(t.name));
  try {
    await Promise.all([
      ...spoofClients.map((c) => run(c.post, spoofers, true)),
      ...genuineClients.map((c, i) => run(c.post, genuine[i] as GroupTally, false)),
    ]);
  } finally {
    for (const c of [...spoofClients, ...genuineClients]) c.close();
  }
  return { spoofers, genuine };
}

interface GenuineResult {
  id?: string;
  place: string;
  phase: 'warmup' | 'calm' | 'flood';
  sentAt: number;
  status: number;
  /** POST sent → answer, ms. */
  answerMs: number;
  /** POST sent → first SMS outbox line, ms; undefined when none came in time. */
  smsMs?: number;
}

/** A day's SMS counter (sms/store.ts smsDayKey): `sent` in all. */
async function daySent(system: BenchSystem, day: string): Promise<number> {
  const req = dynamoRequest(system.dynamoEndpoint, 'GetItem', {
    TableName: system.table,
    Key: { pk: { S: `SMSDAY#${day}` }, sk: { S: 'COUNT' } },
    ConsistentRead: true,
  });
  const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body ?? '' });
  const out = (await res.json()) as { Item?: { sent?: { N?: string } } };
  return Number(out.Item?.sent?.N ?? 0);
}

/** The most SMS one phone got in any window of `windowMs` (a new one may go once the limit-th left it). */
function mostInWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while ((times[j] as number) - (times[i] as number) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

interface QueueWatch {
  /** The dispatcher's queue Query (limit 25), sent every 100 ms: when (ms from the start) and how long. */
  queries: { at: number; ms: number }[];
  /** Reports waiting in the dispatch queue, counted every second. */
  depth: { at: number; n: number }[];
  stop(): Promise<void>;
}

/** Watches the dispatch queue during the run: the store's round trip as the dispatcher sees it, and the backlog. */
function watchQueue(system: BenchSystem, t0: number): QueueWatch {
  let running = true;
  const queries: QueueWatch['queries'] = [];
  const depth: QueueWatch['depth'] = [];
  const timing = (async () => {
    while (running) {
      const req = dispatchQueueQuery(system);
      const sent = performance.now();
      const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body ?? '' });
      await res.arrayBuffer();
      queries.push({ at: sent - t0, ms: performance.now() - sent });
      await new Promise((r) => setTimeout(r, 100));
    }
  })().catch(() => undefined);
  const counting = (async () => {
    while (running) {
      const at = performance.now() - t0;
      depth.push({ at, n: await queued(system) });
      await new Promise((r) => setTimeout(r, 1000));
    }
  })().catch(() => undefined);
  return {
    queries,
    depth,
    stop: async () => {
      running = false;
      await Promise.all([timing, counting]);
    },
  };
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));

const describeOther = (other: Record<string, number>) => {
  const text = Object.entries(other)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
  return text ? `, other: ${text}` : '';
};

/**
 * A flood through the local system with the demo's real limits (ADR 0014): phase A, genuine
 * high-urgency reports alone, one every `spacingMs`, each to a place with an officer of its own on
 * duty (never one place twice within a minute); phase B, the same stream while 20 clients post normal
 * reports to one ward at full rate, half of them from one address with a new spoofed client header
 * on every request. Rows: the flood's answers per client, the most SMS any phone got in a window
 * against the throttle, the SMS the flood spent, and report → SMS with and without the flood.
 */
export async function benchFlood(options: FloodOptions): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-flood-'));
  try {
    const { file, province } = writeFloodProvince(dir);
    const places = demoPlaces(province, new Date());
    const ward = places.staffed.find((p) => p.kind === 'ward')?.code;
    if (!ward) throw new Error('flood: no ward of the demo has an officer on duty now');
    if (places.normal.length === 0 || places.policeHigh.length === 0)
      throw new Error('flood: the demo has no normal category, or no high-urgency one for the police alone');
    // A high-urgency crime goes to the police of the nearest place that has one on duty (ADR 0016), and
    // a phone takes one SMS a minute: each genuine report goes to a ward or commune of its own police,
    // never the flooded ward's (its police are told of the flood's reports), none twice within a
    // minute. So the reports are spaced to fit the police the demo has on duty.
    const rotation = places.policed.filter((c) => c !== ward);
    if (rotation.length === 0) throw new Error('flood: no police on duty outside the flooded ward');
    options = { ...options, spacingMs: Math.max(options.spacingMs, Math.ceil(61_000 / rotation.length)) };

    const calmCount = Math.max(2, Math.floor(options.calmMs / options.spacingMs));
    const floodCount = Math.max(1, Math.floor(options.floodMs / options.spacingMs));
    // Phase B over the places phase A did not use when there are enough; else the rotation goes on.
    const fresh = rotation.length - calmCount >= floodCount;
    const schedule = [
      ...Array.from({ length: calmCount }, (_, k) => ({
        // The first report after the start finds the code cold (as the other parts' warm-up rounds): not counted.
        phase: k === 0 ? ('warmup' as const) : ('calm' as const),
        at: k * options.spacingMs,
        place: rotation[k % rotation.length] as string,
      })),
      ...Array.from({ length: floodCount }, (_, k) => ({
        phase: 'flood' as const,
        at: options.calmMs + options.spacingMs / 2 + k * options.spacingMs,
        place: rotation[(calmCount + k) % rotation.length] as string,
      })),
    ];
    let closestRepeat = Number.POSITIVE_INFINITY;
    for (const [i, a] of schedule.entries())
      for (const b of schedule.slice(i + 1))
        if (a.place === b.place) closestRepeat = Math.min(closestRepeat, b.at - a.at);

    progress(
      `flood: starting the local system (the demo province, its real limits and throttle, stage dev, no challenges)`,
    );
    const system = await startBenchSystem(file);
    const watcher = new OutboxWatcher(system.outboxFile, { fromStart: true });
    const genuine = clientOn(GENUINE_SUBMITTER_ADDRESS);
    const results: GenuineResult[] = [];
    const highIds = new Set<string>();
    const floodIds = new Set<string>();
    let queue: QueueWatch | undefined;
    try {
      progress(
        `flood: phase A, ${calmCount} high-urgency reports, one every ${options.spacingMs / 1000} s, alone; then phase B, ${floodCount} more while ${options.genuineClients + options.spoofingClients} clients flood ${ward} for ${options.floodMs / 1000} s`,
      );
      const t0 = performance.now();
      queue = watchQueue(system, t0);
      const submit = async (item: (typeof schedule)[number], n: number): Promise<void> => {
        await sleepUntil(t0 + item.at);
        const sentAt = performance.now();
        let answer: Answer;
        try {
          answer = await genuine.post(
            `${system.url}/api/reports`,
            jsonHeaders(),
            JSON.stringify({
              area: item.place,
              category: places.policeHigh[n % places.policeHigh.length],
              description: `Genuine report ${n}: two men on a motorbike snatched a bag at the corner just now.`,
            }),
          );
        } catch {
          answer = { status: 0, text: '' };
        }
        const answered = performance.now();
        const result: GenuineResult = {
          place: item.place,
          phase: item.phase,
          sentAt,
          status: answer.status,
          answerMs: answered - sentAt,
        };
        results.push(result);
        const id = answer.status === 201 ? (JSON.parse(answer.text) as { id?: string }).id : undefined;
        if (!id) return;
        result.id = id;
        highIds.add(id);
        const seen = await watcher.firstLine(id, options.textedWithinMs);
        if (seen !== undefined) result.smsMs = Math.max(0, seen - sentAt);
      };
      const stream = Promise.all(schedule.map(submit));

      await sleepUntil(t0 + options.calmMs);
      // One day for the whole run: one that crosses the province's midnight still reads one counter.
      const day = localDate(new Date(), province.timeZone);
      const sentBefore = await daySent(system, day);
      const floodStartWall = Date.now();
      const answers = await flood(
        system,
        ward,
        places.normal,
        options,
        performance.now() + options.floodMs,
        floodIds,
      );
      const floodEndWall = Date.now();
      const sentAfter = await daySent(system, day);
      await stream;
      await queue.stop();
      const sentAtEnd = await daySent(system, day);
      progress(
        `flood: report → SMS per genuine report (phase, place: ms): ${[...results]
          .sort((a, b) => a.sentAt - b.sentAt)
          .map(
            (r) =>
              `${r.phase} ${r.place} ${r.smsMs === undefined ? `none (${r.status})` : Math.round(r.smsMs)}`,
          )
          .join('; ')}`,
      );
      // The last lines a moment to arrive (a summary due at the end of the run).
      await new Promise((r) => setTimeout(r, 200));
      return [
        ...floodAnswerRows(answers, province, ward, options, { from: floodStartWall, to: floodEndWall }),
        throttleRow(watcher.lines, province, (performance.now() - t0) / 1000),
        spentRow(watcher.lines, {
          from: floodStartWall,
          to: floodEndWall,
          highIds,
          floodIds,
          daySent: sentAfter - sentBefore,
          daySentAtEnd: sentAtEnd,
          province,
          floodMs: options.floodMs,
        }),
        latencyRow(results, {
          queue,
          ward,
          places: rotation.length,
          fresh,
          closestRepeat,
          options,
        }),
      ];
    } finally {
      await queue?.stop();
      genuine.close();
      watcher.stop();
      await system.stack.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The most 201s one client that never pauses could get between two instants (wall-clock ms): the
 * gateway's own limiter (a sliding estimate over two fixed one-minute windows) replayed a request a
 * millisecond. A 60 s flood spans two windows, so this lies between the limit and twice it.
 */
function oneClientMost(perMinute: number, from: number, to: number): number {
  const limiter = new RateLimiter();
  let admitted = 0;
  for (let at = from; at <= to; at++)
    if (limiter.take('reports', 'one', perMinute, at) === undefined) admitted++;
  return admitted;
}

function floodAnswerRows(
  answers: { spoofers: GroupTally; genuine: GroupTally[] },
  province: Province,
  ward: string,
  options: FloodOptions,
  span: { from: number; to: number },
): Row[] {
  const { spoofers, genuine } = answers;
  const created = genuine.map((g) => g.created);
  const otherOf = (groups: GroupTally[]) => {
    const other: Record<string, number> = {};
    for (const g of groups)
      for (const [status, n] of Object.entries(g.other)) other[status] = (other[status] ?? 0) + n;
    return other;
  };
  const limit = province.rateLimits.publicPostsPerMinute;
  const most = oneClientMost(limit, span.from, span.to);
  return [
    {
      section: 'flood',
      measure: `Flood through the local system (the demo province with its real limits: ${limit} public posts a minute per client, the per-phone throttle; challenges off, or the flood clients would only spend the machine's CPU solving): ${options.genuineClients + options.spoofingClients} closed-loop clients post normal reports to ward ${ward} for ${options.floodMs / 1000} s, ${options.genuineClients} each from its own loopback address, ${options.spoofingClients} all from ${SPOOFERS_ADDRESS} with a new random CloudFront-Viewer-Address and X-Forwarded-For on every request; their answers. One client's most is the gateway's limiter replayed over the flood's start and end (a sliding estimate over two one-minute windows: between the limit and twice it in 60 s); while the intake is saturated a client with ten connections reaches it sooner than one with one`,
      figure: `spoofers together: ${count(spoofers.sent)} sent, ${count(spoofers.created)} × 201, ${count(spoofers.limited)} × 429${describeOther(spoofers.other)}`,
      baseline: `one client's most in this flood's span: ${most} × 201; each genuine flood client: ${count(
        percentile(
          genuine.map((g) => g.sent),
          50,
        ),
      )} sent (median), 201s ${created.join(', ')}; 429s ${count(genuine.reduce((a, g) => a + g.limited, 0))} in all${describeOther(otherOf(genuine))}`,
      ratio: ratio(spoofers.created / most),
      goal: "spoofers limited as one client (their 201s ≤ one client's most)",
      met: goalMet(spoofers.created <= most && spoofers.created > 0),
    },
  ];
}

function throttleRow(lines: readonly OutboxLine[], province: Province, seconds: number): Row {
  const byPhone = new Map<string, number[]>();
  for (const line of lines) {
    if (line.to === 'admins') continue;
    const times = byPhone.get(line.to) ?? [];
    times.push(Date.parse(line.at));
    byPhone.set(line.to, times);
  }
  const { perMinute, per15Minutes, perHour } = province.sms.throttle;
  const windows = [
    { label: 'a minute', ms: 60_000, limit: perMinute },
    { label: '15 minutes', ms: 15 * 60_000, limit: per15Minutes },
    { label: 'an hour', ms: 60 * 60_000, limit: perHour },
  ].map((w) => {
    let most = 0;
    let phone = '';
    for (const [to, times] of byPhone) {
      const n = mostInWindow(
        [...times].sort((a, b) => a - b),
        w.ms,
      );
      if (n > most) {
        most = n;
        phone = to;
      }
    }
    return { ...w, most, phone };
  });
  // The closest two SMS to one phone: how near the minute's limit came.
  let closest = Number.POSITIVE_INFINITY;
  for (const times of byPhone.values()) {
    const sorted = [...times].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      closest = Math.min(closest, (sorted[i] as number) - (sorted[i - 1] as number));
  }
  const sms = [...byPhone.values()].reduce((a, t) => a + t.length, 0);
  const over = windows.filter((w) => w.most > w.limit);
  return {
    section: 'flood',
    measure: `No phone over its throttle: every SMS line of the outbox during the run (${Math.round(seconds)} s: phases A and B and the wait for the last SMS; admin alerts left out), by phone, the most in any sliding minute, 15 minutes and hour (by each line's \`at\`)`,
    figure: `${windows.map((w) => `${w.most} in ${w.label}`).join(', ')} (${count(sms)} SMS to ${byPhone.size} phones; closest two to one phone ${Number.isFinite(closest) ? `${(closest / 1000).toFixed(1)} s` : '—'} apart)${over.length ? `; over: ${over.map((w) => `${w.phone} ${w.most} in ${w.label}`).join(', ')}` : ''}`,
    baseline: `the province's throttle: ${perMinute} a minute, ${per15Minutes} in 15 minutes, ${perHour} an hour`,
    ratio: ratio(Math.max(...windows.map((w) => w.most / w.limit))),
    goal: 'none over',
    met: goalMet(over.length === 0),
  };
}

function spentRow(
  lines: readonly OutboxLine[],
  run: {
    from: number;
    to: number;
    highIds: ReadonlySet<string>;
    floodIds: ReadonlySet<string>;
    daySent: number;
    daySentAtEnd: number;
    province: Province;
    floodMs: number;
  },
): Row {
  const during = lines.filter((l) => {
    const at = Date.parse(l.at);
    return at >= run.from && at <= run.to;
  });
  let high = 0;
  let ofFlood = 0;
  let summaries = 0;
  let summarized = 0;
  let alerts = 0;
  let other = 0;
  for (const line of during) {
    const summary = SUMMARY.exec(line.body);
    if (line.to === 'admins') alerts++;
    else if (summary) {
      summaries++;
      summarized += Number(summary[1]);
    } else if (line.reportId && run.highIds.has(line.reportId)) high++;
    else if (line.reportId && run.floodIds.has(line.reportId)) ofFlood++;
    else other++;
  }
  const sms = during.length - alerts;
  const { dailyCap, reservePercent, communeSharePercent } = run.province.sms;
  return {
    section: 'flood',
    measure: `SMS spent during the ${run.floodMs / 1000} s flood (outbox lines between its start and end; a summary is "<n> tin bao moi: …")`,
    figure: `${count(sms)} SMS: ${high} for genuine high-urgency reports, ${ofFlood} of flood reports on their own, ${summaries} ${summaries === 1 ? 'summary' : 'summaries'} (of ${summarized} reports), ${other} other; ${alerts} admin alert${alerts === 1 ? '' : 's'}; the day's SMS counter rose by ${count(run.daySent)} (${count(run.daySentAtEnd)} at the end of the run)`,
    baseline: `${count(run.floodIds.size)} flood reports stored (201); the day's cap ${count(dailyCap)} SMS, ${reservePercent}% kept for high urgency, at most ${communeSharePercent}% for one commune or ward`,
    ratio: run.floodIds.size
      ? `${((ofFlood + summaries) / run.floodIds.size).toFixed(3)} SMS a flood report`
      : '—',
    goal: '—',
    met: '—',
  };
}

function latencyRow(
  results: readonly GenuineResult[],
  run: {
    queue: QueueWatch;
    ward: string;
    places: number;
    fresh: boolean;
    closestRepeat: number;
    options: FloodOptions;
  },
): Row {
  const phase = (p: 'calm' | 'flood') => {
    const of = results.filter((r) => r.phase === p);
    // The warm-up report is not timed, but it must be texted too.
    const all = p === 'calm' ? results.filter((r) => r.phase !== 'flood') : of;
    const texted = of.filter((r) => r.smsMs !== undefined).map((r) => r.smsMs as number);
    return {
      n: of.length,
      texted,
      missing: all.filter((r) => r.status === 201 && r.smsMs === undefined).length,
      refused: all.filter((r) => r.status !== 201),
      answers: of.map((r) => r.answerMs),
      p50: percentile(texted, 50),
      p99: percentile(texted, 99),
    };
  };
  const calm = phase('calm');
  const flooded = phase('flood');
  const within = `${run.options.textedWithinMs / 1000} s`;
  const describe = (p: ReturnType<typeof phase>) =>
    `p50 ${ms(p.p50)}, p99 ${ms(p.p99)} (${p.texted.length} of ${p.n} texted; POST answered p50 ${ms(percentile(p.answers, 50))}, p99 ${ms(percentile(p.answers, 99))})${p.missing ? `; ${p.missing} never texted within ${within}` : ''}${p.refused.length ? `; ${p.refused.length} not stored (${p.refused.map((r) => r.status).join(', ')})` : ''}`;
  const repeat = Number.isFinite(run.closestRepeat)
    ? `a place again after ${(run.closestRepeat / 1000).toFixed(1)} s at the soonest`
    : 'no place twice';
  const factor = flooded.p99 / calm.p99;
  // Why, when it is slow: the store's round trip as the dispatcher sees it, and the backlog of normal reports.
  const { calmMs, floodMs } = run.options;
  const queryP99 = (from: number, to: number) =>
    percentile(
      run.queue.queries.filter((q) => q.at >= from && q.at < to).map((q) => q.ms),
      99,
    );
  const peak = run.queue.depth.reduce((a, d) => (d.n > a.n ? d : a), { at: calmMs, n: 0 });
  const under = run.queue.depth.find((d) => d.at > peak.at && d.n < 10);
  const backlog = `the dispatch queue's Query (every 100 ms) p99 ${ms(queryP99(0, calmMs))} without the flood, ${ms(queryP99(calmMs, calmMs + floodMs))} during it; reports waiting for dispatch peaked at ${count(peak.n)} ${((peak.at - calmMs) / 1000).toFixed(0)} s into the flood${under ? `, under 10 again ${((under.at - calmMs) / 1000).toFixed(0)} s into it` : ''}`;
  return {
    section: 'flood',
    measure: `Genuine high-urgency report → first SMS outbox line of that report, from sending the POST (one every ${run.options.spacingMs / 1000} s from ${GENUINE_SUBMITTER_ADDRESS}, a crime texted to the police alone, each to a ward or commune with a police officer of its own on duty, rotating over the ${run.places} such places of the demo other than the flooded ward ${run.ward} (its police are told of the flood's reports), spaced so that no police phone is due two within a minute; ${run.fresh ? 'phase B on places phase A did not use' : 'phase B goes on with the rotation'}; ${repeat}); during the flood; ratio = p99 flood ÷ p99 without`,
    figure: describe(flooded),
    baseline: `without the flood (phase A, ${calmMs / 1000} s, same run, after one warm-up report): ${describe(calm)}; ${backlog}`,
    ratio: ratio(factor),
    goal: `p99 ≤ 2× without the flood; every report texted within ${within}`,
    met: goalMet(
      factor <= 2 &&
        calm.missing + flooded.missing === 0 &&
        calm.refused.length + flooded.refused.length === 0,
    ),
  };
}
