import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The digest (run by the worker's sweep) makes its own SMS port from the environment: never SNS here.
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-local-worker-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
});

import { dispatchStore } from '../../functions/dispatch/store';
import { handler as createReport } from '../../functions/reports/create.handler';
import type { Report } from '../../functions/reports/model';
import { getReport, reportStore } from '../../functions/reports/store';
import { onDutyOfficers } from '../../functions/roster/store';
import { ROUTES } from '../../functions/routes';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import type { Sms, SmsMessage } from '../../functions/sms/model';
import { alertMarkers, smsCapReserver, smsThrottle } from '../../functions/sms/store';
import { LocalClock } from '../../infra/local/clock';
import { createGateway, type Handler } from '../../infra/local/gateway';
import { localRoutes } from '../../infra/local/local-routes';
import { type LocalWorker, nudgeOnStoredReport, startWorker } from '../../infra/local/worker';
import { jsonOf, lambdaContext } from '../support/events';
import type { DispatchDeps } from '../support/reliability-dispatch';
import { testRetention, testStore } from '../support/store';
import { RecordingAlerts } from '../unit/dispatch-fakes';
import { arrangeProvince, FORM_HEADERS, JSON_HEADERS, post } from './reports-arrange';

const ROOT = resolve(import.meta.dirname, '..', '..');
const store = testStore();
const T0 = Date.parse('2025-03-12T07:00:00.000Z');
/** Days the clock is moved past T0 (the retention test moves it; the others keep T0). */
let daysLater = 0;
overrideClock({ now: () => new Date(T0 + daysLater * 24 * 3600 * 1000) });

/** Records each SMS; while `gate` is set, every send waits for it (a dispatch held mid-flight). */
class GatedSms implements Sms {
  sent: SmsMessage[] = [];
  entered = 0;
  gate: Promise<void> | undefined;
  async send(message: SmsMessage) {
    this.entered++;
    await this.gate;
    this.sent.push(message);
    return { messageId: `m-${this.sent.length}` };
  }
  to(reportId: string): string[] {
    return this.sent
      .filter((m) => m.reportId === reportId)
      .map((m) => m.to)
      .sort();
  }
}

function dispatchPortsWith(sms: Sms): DispatchDeps {
  const { secrets, clock, province } = runtime();
  return {
    store: dispatchStore(store),
    roster: { onDutyOfficers: (area, at) => onDutyOfficers(store, area, at) },
    throttle: smsThrottle(store),
    reserveSms: smsCapReserver(store),
    markOnce: alertMarkers(store),
    sms,
    alerts: new RecordingAlerts(),
    secrets,
    clock,
    // These tests text the same two phones again and again: no throttle holds any of it back.
    province: {
      ...province,
      sms: { ...province.sms, throttle: { perMinute: 1_000, per15Minutes: 1_000, perHour: 1_000 } },
    },
    sleep: async () => undefined,
  };
}

let sms = new GatedSms();
let worker: LocalWorker | undefined;
let server: Server;
let url: string;

async function start(options: { dispatchEveryMs: number; escalateEveryMs?: number }): Promise<LocalWorker> {
  sms = new GatedSms();
  worker = await startWorker({ escalateEveryMs: 600_000, ...options, ports: dispatchPortsWith(sms) });
  return worker;
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A report as the site's script sends it, through the local gateway. */
async function postReport(description: string): Promise<{ status: number; id: string }> {
  const res = await fetch(`${url}/api/reports`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, accept: 'application/json' },
    body: JSON.stringify({ area: 'UONG-BI-QT5A', category: 'theft', description }),
  });
  return { status: res.status, id: ((await res.json()) as { id: string }).id };
}

async function postLocal(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const officersOfTheGroup = ['+84900000101', '+84900000102'];

beforeAll(async () => {
  await arrangeProvince(store);
  const dataDir = mkdtempSync(join(tmpdir(), 'tuquan-local-worker-'));
  server = createGateway({
    routes: ROUTES,
    siteDir: join(dataDir, 'no-site'),
    localRoutes: localRoutes({
      store,
      clock: new LocalClock(join(dataDir, 'clock.json')),
      auth: () => {
        throw new Error('no sign-in here');
      },
      outboxFile: join(dataDir, 'sms-outbox.jsonl'),
      worker: () => worker,
    }),
    loadHandler: async (route) =>
      ((await import(/* @vite-ignore */ join(ROOT, 'functions', route.entry))) as { handler: Handler })
        .handler,
    onAnswered: nudgeOnStoredReport(() => worker),
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

describe('the local worker', () => {
  it("dispatches a report as soon as the gateway has answered its POST, long before the worker's next poll", async () => {
    await start({ dispatchEveryMs: 600_000 });

    const stored = await postReport('Mất xe máy ở chợ sáng nay, nhờ các anh xem giúp.');
    await until(() => sms.to(stored.id).length === 2);

    expect(stored.status).toBe(201);
    expect(sms.to(stored.id)).toEqual(officersOfTheGroup);
  });

  it("polls at once after a form's answer, which names no report", async () => {
    await start({ dispatchEveryMs: 600_000 });

    const res = await fetch(`${url}/api/reports`, {
      method: 'POST',
      headers: FORM_HEADERS,
      body: new URLSearchParams({
        area: 'UONG-BI-QT5A',
        category: 'theft',
        description: 'Có người lạ đi xem từng nhà trong ngõ, gửi từ trang không có JavaScript.',
      }).toString(),
    });
    await res.arrayBuffer();
    await until(() => sms.sent.length === 2);

    expect(res.status).toBe(200);
    expect(sms.sent.map((m) => m.to).sort()).toEqual(officersOfTheGroup);
  });

  it('dispatches a report written without the gateway (no nudge) on its next poll', async () => {
    await start({ dispatchEveryMs: 20 });

    const result = await createReport(
      post(
        '/api/reports',
        JSON.stringify({ area: 'UONG-BI-QT5A', category: 'theft', description: 'Viết thẳng vào bảng.' }),
        JSON_HEADERS,
      ),
      lambdaContext,
    );
    const id = (jsonOf(result).body as { id: string }).id;
    await until(() => sms.to(id).length === 2);

    expect(sms.to(id)).toEqual(officersOfTheGroup);
  });

  it('stop() resolves only once the dispatch in flight has finished', async () => {
    const running = await start({ dispatchEveryMs: 600_000 });
    let open!: () => void;
    sms.gate = new Promise((resolve) => {
      open = resolve;
    });
    const stored = await postReport('Cãi nhau to ở đầu ngõ, sợ đánh nhau.');
    await until(() => sms.entered > 0);

    let stopped = false;
    const stopping = running.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    const stoppedWhileHeld = stopped;
    open();
    await stopping;

    expect(stoppedWhileHeld).toBe(false);
    expect(sms.to(stored.id)).toEqual(officersOfTheGroup);
    expect((await dispatchStore(store).getReport(stored.id))?.notifyStatus).toBe('sent');
  });
});

describe('the local worker under a flood', () => {
  /** A report stored as the intake stores it (no guard, no challenge): its id. */
  let stored = 0;
  async function storeReport(area: string, category: 'theft' | 'noise'): Promise<string> {
    const id = `flood${String(++stored).padStart(11, '0')}`;
    const report: Report = {
      id,
      area,
      areaName: area,
      ancestors: ['QN', 'UONG-BI'],
      category,
      categoryLabel: { vi: category, en: category },
      urgency: category === 'theft' ? 'high' : 'low',
      description: `Tin báo số ${stored}.`,
      createdAt: '2025-03-12T07:00:00.000Z',
      status: 'received',
      notifyStatus: 'pending',
    };
    await reportStore(store, testRetention()).put(report);
    return id;
  }

  it('starts a high-urgency report nudged behind many normal ones at once, in a slot kept for it', async () => {
    const dispatch = dispatchStore(store);
    // The queue starts empty: anything an earlier test left is taken out.
    for (const { id } of await dispatch.pendingDispatch({ limit: 1_000 }))
      await dispatch.finishDispatch(id, {
        notifyStatus: 'failed',
        recipients: 0,
        dispatchedAt: '',
        level: '',
      });
    // Every dispatch is held where it stores whom it texts (its first write), and named there.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const started: string[] = [];
    const ports = dispatchPortsWith(new GatedSms());
    ports.store = {
      ...ports.store,
      putTier: async (id, plan) => {
        started.push(id);
        await gate;
        return dispatch.putTier(id, plan);
      },
    };
    worker = await startWorker({ dispatchEveryMs: 600_000, escalateEveryMs: 600_000, maxInFlight: 8, ports });

    const normal: string[] = [];
    for (let n = 0; n < 20; n++) normal.push(await storeReport('UONG-BI-QT5A', 'noise'));
    for (const id of normal) worker.nudge(id);
    const high = await storeReport('UONG-BI-YT2', 'theft');
    worker.nudge(high);
    // Every slot taken (the eight dispatches reach their first write in whatever order the store answers).
    await until(() => started.includes(high) && started.length === 8);
    const whileHeld = [...started].sort();
    open();
    await until(() => started.length === normal.length + 1);

    // Seven normal ones took the slots they may take, the high one the eighth, kept for it; the
    // thirteen other normal ones waited.
    expect(whileHeld).toEqual([...normal.slice(0, 7), high].sort());
    expect(started.slice(8).sort()).toEqual(normal.slice(7).sort());
  });
});

describe('the retention job in the local worker', () => {
  it("runs once a day of the local clock: moved past 180 days, an open report's contact details go", async () => {
    const reports = reportStore(store, testRetention());
    const report: Report = {
      id: 'retain00000000001',
      area: 'UONG-BI-QT5A',
      areaName: 'Khu Quang Trung 5A',
      ancestors: ['QN', 'UONG-BI'],
      category: 'noise',
      categoryLabel: { vi: 'Gây ồn ào', en: 'Noise' },
      urgency: 'low',
      description: 'Hát karaoke đến 1 giờ sáng.',
      contact: { name: 'Nguyễn Văn Báo', phone: '+84912345678' },
      createdAt: new Date(T0).toISOString(),
      status: 'received',
      notifyStatus: 'pending',
    };
    await reports.put(report);
    const contactOf = async () => (await getReport(store, report.id))?.contact;
    try {
      await start({ dispatchEveryMs: 600_000, escalateEveryMs: 20 });
      // The first sweep runs the job for the day at once: nothing of this report is due.
      await new Promise((r) => setTimeout(r, 200));
      const kept = await contactOf();

      daysLater = 181;
      const deadline = Date.now() + 10_000;
      while ((await contactOf()) !== undefined && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));

      expect([kept, await contactOf(), (await getReport(store, report.id))?.contactRemoved]).toEqual([
        { name: 'Nguyễn Văn Báo', phone: '+84912345678' },
        undefined,
        { at: new Date(T0 + 181 * 24 * 3600 * 1000).toISOString(), by: 'retention' },
      ]);
    } finally {
      daysLater = 0;
    }
  });
});

describe('POST /_local/dispatcher', () => {
  it('holds the worker: a report stored meanwhile waits, and goes out when the worker is let go', async () => {
    await start({ dispatchEveryMs: 20 });

    const held = await postLocal('/_local/dispatcher', { paused: true });
    const stored = await postReport('Xe lạ đỗ chắn lối vào khu tập thể cả tuần nay.');
    await new Promise((r) => setTimeout(r, 300));
    const sentWhileHeld = sms.to(stored.id);
    const going = await postLocal('/_local/dispatcher', { paused: false });
    await until(() => sms.to(stored.id).length === 2);

    expect(held).toEqual({ status: 200, body: { paused: true, inFlight: 0 } });
    expect(sentWhileHeld).toEqual([]);
    // Held, the worker read nothing for it; let go, its poll of the queue finds it (nothing is in
    // flight yet when the answer leaves).
    expect(going).toEqual({ status: 200, body: { paused: false, inFlight: 0 } });
    expect(sms.to(stored.id)).toEqual(officersOfTheGroup);
  });

  it('answers 400 to anything but a boolean', async () => {
    await start({ dispatchEveryMs: 600_000 });

    const answer = await postLocal('/_local/dispatcher', { paused: 'yes' });

    expect(answer).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'paused: true to hold the dispatcher, false to let it go',
          fields: { paused: 'true to hold the dispatcher, false to let it go' },
        },
      },
    });
  });

  it('answers 503 while no worker runs', async () => {
    const answer = await postLocal('/_local/dispatcher', { paused: true });

    expect(answer).toEqual({ status: 503, body: { error: { code: 'not_running' } } });
  });
});
