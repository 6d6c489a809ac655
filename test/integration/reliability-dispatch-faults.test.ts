import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchPending, dispatchReport, SENDING_LEASE_MS } from '../../functions/dispatch/dispatcher';
import { reportPartition } from '../../functions/reports/store';
import { STALE_AFTER_MS } from '../../functions/shared/coalesce';
import { setLogSink } from '../../functions/shared/log';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { createTopicAlerts } from '../../functions/sms/alerts';
import { createSnsSms } from '../../functions/sms/send';
import { arrangeReliabilityData, handlerFixtureContext, PLACE } from '../support/reliability-context';
import {
  type DispatchDeps,
  dispatchPortsWith,
  FINAL_NOTIFY_STATES,
  isSettled,
  reportItems,
} from '../support/reliability-dispatch';
import {
  isWrite,
  type StoreFaultPlan,
  type StoreTap,
  tapStore,
  targetsOf,
} from '../support/reliability-faults';
import { bodyOf, eventFor, requireFixture } from '../support/reliability-requests';
import { invoke, routeByName, useReliabilityProvince } from '../support/reliability-routes';
import { mockSns, type SnsLedger, type SnsOutcome, TOPIC_ARN } from '../support/reliability-sns';
import type { Item } from '../support/reliability-store';
import { snapshot } from '../support/reliability-store';
import { testStore } from '../support/store';

useReliabilityProvince();
const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const context = handlerFixtureContext();
const logged: string[] = [];
setLogSink((line) => logged.push(line), 'warn');

const [FIRST, SECOND] = PLACE.onDutyPhones as [string, string];
/** The ward's officer on duty (reports-arrange.ts): tier 1 when nobody in the place was texted. */
const WARD = '+84900002301';
const UNSENT_ALERT = 'tuquan quang-ninh: a report reached nobody by SMS';

let sns: { ledger: SnsLedger; restore(): void };
let ports: DispatchDeps;

beforeAll(async () => {
  await arrangeReliabilityData(store, '2025-03-12');
  const { secrets, clock, province } = runtime();
  sns = mockSns(await secrets.key('ack-token'), clock);
  ports = dispatchPortsWith({
    sms: createSnsSms(province.sms, new SNSClient({ region: 'ap-southeast-1' })),
    alerts: createTopicAlerts(TOPIC_ARN, new SNSClient({ region: 'ap-southeast-1' })),
  });
});
afterAll(() => {
  sns.restore();
  setLogSink((line) => process.stdout.write(`${line}\n`), 'warn');
});

/**
 * Follows the store calls of a run through its tap. The dispatcher awaits nothing but its ports, and
 * here only the store's wait on I/O (SNS is mocked, retries do not sleep, the ack key is derived
 * already): once every store call the run started has answered, but the one it died in, and a turn of
 * the event loop has let its code go on from those answers without starting another call, nothing of
 * the run is left to happen, however slow the store was.
 */
function watchStore(doc: DynamoDBDocumentClient, tap: StoreTap, plan?: StoreFaultPlan) {
  const tapped = doc.send;
  const live = new Set<Promise<unknown>>();
  let started = 0;
  let deadAt: number | undefined;
  doc.send = ((command: unknown) => {
    const firedBefore = tap.fired();
    const call = (tapped as (command: unknown) => Promise<unknown>).call(doc, command);
    started++;
    if (plan?.crash && !firedBefore && tap.fired()) deadAt = performance.now();
    else {
      live.add(call);
      const done = () => live.delete(call);
      call.then(done, done);
    }
    return call;
  }) as typeof doc.send;
  return {
    async ranOut(): Promise<void> {
      for (let seen = -1; seen !== started; ) {
        seen = started;
        await Promise.allSettled([...live]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    /**
     * The write the run died in never answers, and this process's coalescing writers (shared/coalesce.ts)
     * add the next calls for its key to it until it is 50 ms old. A restarted process has writers of
     * its own; the restart here shares the dead run's, so it waits for that write to go stale.
     */
    async deadWriteStale(): Promise<void> {
      while (deadAt !== undefined && performance.now() - deadAt <= STALE_AFTER_MS)
        await new Promise((resolve) => setTimeout(resolve, 5));
    },
    restore() {
      doc.send = tapped;
    },
  };
}

let made = 0;
/** A report as a resident posts it, waiting in the dispatch queue. */
async function submit(variant = 'JSON with a key'): Promise<string> {
  const route = routeByName('POST /api/reports');
  const make = requireFixture(route).variants[variant];
  if (!make) throw new Error(`no report variant ${variant}`);
  const result = await invoke(route, eventFor(route, await make(context, ++made)));
  expect(result.statusCode).toBe(201);
  return (bodyOf(result) as { id: string }).id;
}

async function partition(id: string) {
  const items = await reportPartition(runtime().store, id);
  return {
    report: items.find((i) => i.sk === 'REPORT') as Item,
    notes: items.filter((i) => String(i.sk).startsWith('NOTIFY#')),
  };
}

/** The poller's next tick, then the sweep once the sending lease of a dead run is over. */
async function restart(): Promise<void> {
  await dispatchPending(ports, { limit: 100 });
  advance(SENDING_LEASE_MS + 60_000);
  await dispatchPending(ports, { olderThanMs: 2 * 60_000, limit: 100 });
}

/** "report → phone" of the notifications sent once more after a dead run: those may reach a phone twice. */
const resentOf = (notes: Item[]): Set<string> =>
  new Set(notes.filter((n) => n.resentAt !== undefined).map((n) => `${String(n.pk).slice(7)} → ${n.to}`));

/**
 * What must hold of a report whatever failed while it was dispatched: it ends in a final state, out
 * of the dispatch queue; nobody got (or may have got) two SMS about it, but for one resent after a
 * dead run (at most two then); every SMS its notifications call sent was delivered; its recipient
 * count says how many of tier 0's; a report that reached nobody at any tier alerted the admins.
 */
async function expectAccountedFor(id: string): Promise<Item> {
  const { report, notes } = await partition(id);
  expect(isSettled(report), `report ${id} is ${String(report.notifyStatus)}`).toBe(true);
  expect(FINAL_NOTIFY_STATES).toContain(report.notifyStatus);
  const resent = resentOf(notes);
  for (const [who, count] of sns.ledger.reachedPerRecipient([id]))
    expect(count, who).toBeLessThanOrEqual(resent.has(who) ? 2 : 1);
  const sent = notes.filter((n) => n.state === 'sent');
  for (const note of sent) {
    const delivered = sns.ledger.sends.filter(
      (s) => s.reportId === id && s.to === note.to && s.outcome === 'delivered',
    ).length;
    expect(delivered).toBeGreaterThanOrEqual(1);
    expect(delivered).toBeLessThanOrEqual(note.resentAt ? 2 : 1);
  }
  for (const note of notes.filter((n) => n.state === 'failed')) expect(typeof note.reason).toBe('string');
  expect(report.recipients).toBe(sent.filter((n) => n.tier === 0).length);
  if (report.notifyStatus === 'failed' && sent.length === 0)
    expect(sns.ledger.alertsAbout(id)).toEqual([UNSENT_ALERT]);
  return report;
}

// Matrices of many requests: under a loaded CI machine they need more than the default 30 s.
describe('SNS faults while texting the officers on duty', { timeout: 120_000 }, () => {
  const deliverAfter =
    (fault: SnsOutcome, times: number) =>
    ({ attempt }: { attempt: number }): SnsOutcome =>
      attempt <= times ? fault : 'deliver';
  const cases: {
    name: string;
    script: (call: { to: string; attempt: number }) => SnsOutcome;
    status: string;
    notes: Record<string, { state: string; attempts: number; reason?: string }>;
  }[] = [
    {
      name: 'SNS takes every SMS',
      script: () => 'deliver',
      status: 'sent',
      notes: { [FIRST]: { state: 'sent', attempts: 1 }, [SECOND]: { state: 'sent', attempts: 1 } },
    },
    {
      name: 'throttled once per SMS',
      script: deliverAfter('throttled', 1),
      status: 'sent',
      notes: { [FIRST]: { state: 'sent', attempts: 2 }, [SECOND]: { state: 'sent', attempts: 2 } },
    },
    {
      name: 'a KMS throttle, then a 500, per SMS',
      script: ({ attempt }) =>
        attempt === 1 ? 'KMS throttled' : attempt === 2 ? 'server error (500)' : 'deliver',
      status: 'sent',
      notes: { [FIRST]: { state: 'sent', attempts: 3 }, [SECOND]: { state: 'sent', attempts: 3 } },
    },
    {
      name: 'connection refused once per SMS',
      script: deliverAfter('connection refused', 1),
      status: 'sent',
      notes: { [FIRST]: { state: 'sent', attempts: 2 }, [SECOND]: { state: 'sent', attempts: 2 } },
    },
    {
      name: 'throttled on every try',
      script: () => 'throttled',
      status: 'failed',
      notes: {
        [FIRST]: { state: 'failed', attempts: 3, reason: 'ThrottledException' },
        [SECOND]: { state: 'failed', attempts: 3, reason: 'ThrottledException' },
      },
    },
    {
      name: 'a 500 on every try',
      script: () => 'server error (500)',
      status: 'failed',
      notes: {
        [FIRST]: { state: 'failed', attempts: 3, reason: 'InternalErrorException' },
        [SECOND]: { state: 'failed', attempts: 3, reason: 'InternalErrorException' },
      },
    },
    {
      name: 'every publish times out (it may have gone, so it is not tried again)',
      script: () => 'timeout',
      status: 'failed',
      notes: {
        [FIRST]: { state: 'failed', attempts: 1, reason: 'TimeoutError' },
        [SECOND]: { state: 'failed', attempts: 1, reason: 'TimeoutError' },
      },
    },
    {
      name: 'partial fan-out: one number refused for good',
      script: ({ to }) => (to === SECOND ? 'invalid number' : 'deliver'),
      status: 'partial',
      notes: {
        [FIRST]: { state: 'sent', attempts: 1 },
        [SECOND]: { state: 'failed', attempts: 1, reason: 'InvalidParameterException' },
      },
    },
    {
      name: 'partial fan-out: one throttled on every try',
      script: ({ to }) => (to === FIRST ? 'throttled' : 'deliver'),
      status: 'partial',
      notes: {
        [FIRST]: { state: 'failed', attempts: 3, reason: 'ThrottledException' },
        [SECOND]: { state: 'sent', attempts: 1 },
      },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: the report ends ${c.status}, visibly, each officer texted at most once${c.status === 'failed' ? ', admins alerted' : ''}`, async () => {
      const id = await submit();
      sns.ledger.script = c.script;

      await dispatchReport(ports, id);
      const sendsAfterRun = sns.ledger.sends.length;
      sns.ledger.script = () => 'deliver';
      await restart();

      expect(sns.ledger.sends.length, 'a restart sends nothing more').toBe(sendsAfterRun);
      const report = await expectAccountedFor(id);
      expect(report.notifyStatus).toBe(c.status);
      const { notes } = await partition(id);
      expect(
        Object.fromEntries(
          notes
            .filter((n) => n.tier === 0)
            .map((n) => [
              n.to,
              { state: n.state, attempts: n.attempts, ...(n.reason ? { reason: n.reason } : {}) },
            ]),
        ),
      ).toEqual(c.notes);
      // Nobody texted at tier 0: the ward and then the duty desk were texted at once, in the same run
      // (SNS failing them the same way); otherwise nobody else.
      expect(
        notes
          .filter((n) => Number(n.tier) > 0)
          .sort((a, b) => Number(a.tier) - Number(b.tier))
          .map((n) => [n.tier, n.to, n.state]),
      ).toEqual(
        c.status === 'failed'
          ? [
              [1, WARD, 'failed'],
              [2, runtime().province.fallbackDutyPhone, 'failed'],
            ]
          : [],
      );
      if (c.status !== 'failed') expect(sns.ledger.alertsAbout(id)).toEqual([]);
    });
  }

  it('the daily cap reached mid fan-out: the report ends capped, one SMS out, the admins alerted once', async () => {
    const id = await submit();
    const day = [...(await snapshot(store)).values()].find((i) => i.type === 'smsDay');
    const sentToday = Number(day?.sent ?? 0);
    const capped = dispatchPortsWith({
      ...ports,
      province: { ...ports.province, sms: { ...ports.province.sms, dailyCap: sentToday + 1 } },
    });
    const alertsBefore = sns.ledger.alerts.length;

    await dispatchReport(capped, id);

    const report = await expectAccountedFor(id);
    expect(report.notifyStatus).toBe('capped');
    expect(sns.ledger.reachedPerRecipient([id]).size).toBe(1);
    expect((await partition(id)).notes.map((n) => n.state).sort()).toEqual(['capped', 'sent']);
    expect(sns.ledger.alerts.slice(alertsBefore).map((a) => a.subject)).toEqual([
      'tuquan quang-ninh: daily SMS cap reached',
    ]);
  });

  it('SNS down for the alarm topic as well: the report still ends failed, the alert is retried, then logged for the error alarm', async () => {
    const id = await submit();
    sns.ledger.script = () => 'throttled';
    sns.ledger.alertScript = () => 'throttled';
    logged.length = 0;

    await dispatchPending(ports, { limit: 100 });
    sns.ledger.script = () => 'deliver';
    sns.ledger.alertScript = () => 'deliver';
    await restart();

    const { report } = await partition(id);
    expect([report.notifyStatus, isSettled(report)]).toEqual(['failed', true]);
    expect(logged.map((l) => JSON.parse(l)).filter((l) => l.level === 'error')).toContainEqual(
      expect.objectContaining({ message: 'admin alert not sent', reportId: id, error: 'ThrottledException' }),
    );
  });
});

describe('the dispatcher dying at any step, then restarting', { timeout: 120_000 }, () => {
  let calls: string[] = [];

  beforeAll(async () => {
    const id = await submit();
    sns.ledger.script = () => 'deliver';
    const tap = tapStore(runtime().store.doc);
    await dispatchReport(ports, id).finally(tap.restore);
    calls = tap.calls;
  });

  /**
   * Starts a run that dies at the planned store call (or in an SNS publish the script crashes), and
   * waits until whatever else that run had under way is done.
   */
  async function runThatDies(id: string, plan?: StoreFaultPlan): Promise<void> {
    const tap = tapStore(runtime().store.doc, plan);
    const run = watchStore(runtime().store.doc, tap, plan);
    const crashesBefore = sns.ledger.crashes;
    const died = () => (plan ? tap.fired() : sns.ledger.crashes > crashesBefore);
    let ended = false;
    void dispatchReport(ports, id)
      .catch(() => undefined)
      .finally(() => {
        ended = true;
      });
    try {
      // The other recipient's branch goes on until it has done what it had started.
      await run.ranOut();
      await tap.settled();
      expect(
        died(),
        `the run died at ${plan ? `${plan.target} #${plan.occurrence ?? 1}` : 'an SNS publish'}`,
      ).toBe(true);
      expect(ended, 'a run that died never finishes').toBe(false);
      await run.deadWriteStale();
    } finally {
      run.restore();
      tap.restore();
    }
  }

  it('measures what one dispatch does', () => {
    expect(calls).toEqual(
      expect.arrayContaining(['Put REPORT/TIER', 'Put REPORT/NOTIFY', 'Update REPORT/REPORT']),
    );
  });

  it('at each store call, before it and (for writes) after it lands: the restart finishes the report, nobody texted twice', async () => {
    expect(calls.length).toBeGreaterThan(0);
    for (const { target, occurrence } of targetsOf(calls)) {
      for (const applied of isWrite(target) ? [false, true] : [false]) {
        const id = await submit();
        sns.ledger.script = () => 'deliver';

        await runThatDies(id, { target, occurrence, fault: 'timeout', crash: true, applied });
        await restart();

        await expectAccountedFor(id);
      }
    }
  });

  for (const outcome of ['crash after delivery', 'crash before delivery'] as const) {
    it(`during an SMS publish (${outcome}): the restart finishes the report, nobody texted twice`, async () => {
      const id = await submit();
      sns.ledger.script = ({ to }) => (to === FIRST ? outcome : 'deliver');

      await runThatDies(id);
      sns.ledger.script = () => 'deliver';
      await restart();

      const report = await expectAccountedFor(id);
      // Whether the SMS went is unknown to the restart: it is sent once more (a second SMS beats
      // silence), and recorded as resent.
      expect(report.notifyStatus).toBe('sent');
      const first = (await partition(id)).notes.find((n) => n.to === FIRST);
      expect([first?.state, typeof first?.resentAt]).toEqual(['sent', 'string']);
      expect(sns.ledger.reachedPerRecipient([id]).get(`${id} → ${FIRST}`)).toBe(
        outcome === 'crash after delivery' ? 2 : 1,
      );
    });
  }
});

describe('reports the store half-wrote at intake', { timeout: 120_000 }, () => {
  it('a report posted without a key while the store went down after its receipt: the retry is stored and texted once', async () => {
    const route = routeByName('POST /api/reports');
    const make = requireFixture(route).variants['JSON without a key'];
    if (!make) throw new Error('the keyless report variant is gone');
    const spec = await make(context, ++made);
    const tap = tapStore(runtime().store.doc, {
      target: 'Put REPORT/REPORT',
      fault: 'service unavailable (503)',
      persistent: true,
    });
    const failed = await invoke(route, eventFor(route, spec)).finally(tap.restore);
    await tap.settled();
    const retried = await invoke(route, eventFor(route, spec));
    const id = (bodyOf(retried) as { id: string }).id;
    sns.ledger.script = () => 'deliver';

    await dispatchPending(ports, { limit: 100 });

    expect([failed.statusCode, retried.statusCode]).toEqual([503, 201]);
    const report = await expectAccountedFor(id);
    expect(report.notifyStatus).toBe('sent');
    expect([...sns.ledger.reachedPerRecipient([id]).keys()].sort()).toEqual(
      [`${id} → ${FIRST}`, `${id} → ${SECOND}`].sort(),
    );
  });
});

describe('no report lost', { timeout: 120_000 }, () => {
  it('every report stored by this file ends sent, partial, failed, capped or duplicate, and nobody was texted twice about one but for an SMS resent once after a dead run', async () => {
    await restart();
    const items = [...(await snapshot(store)).values()];
    const reports = reportItems(items);
    const resent = resentOf(items.filter((i) => i.type === 'notification'));

    expect(reports.length).toBeGreaterThan(30);
    expect(reports.filter((r) => !isSettled(r)).map((r) => `${r.id}: ${r.notifyStatus}`)).toEqual([]);
    expect([...sns.ledger.reachedPerRecipient()].filter(([who, n]) => n > (resent.has(who) ? 2 : 1))).toEqual(
      [],
    );
    expect(resent.size).toBeGreaterThan(0);
  });
});
