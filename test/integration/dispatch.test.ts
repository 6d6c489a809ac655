import { readFileSync } from 'node:fs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const outbox = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
  return process.env.TUQUAN_SMS_OUTBOX;
});

import { type DispatchPorts, dispatchPending, dispatchReport } from '../../functions/dispatch/dispatcher';
import { handler as escalateHandler } from '../../functions/dispatch/escalate.handler';
import { type EscalationPorts, escalateDue } from '../../functions/dispatch/escalation';
import { dispatchStore } from '../../functions/dispatch/store';
import { handler as streamHandler } from '../../functions/dispatch/stream.handler';
import { handler as createReport } from '../../functions/reports/create.handler';
import { onDutyOfficers } from '../../functions/roster/store';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { createSnsSms } from '../../functions/sms/send';
import { alertMarkers, smsCapReserver, smsThrottle } from '../../functions/sms/store';
import { jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { RecordingAlerts, RecordingSms } from '../unit/dispatch-fakes';
import { allItems, arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });
const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

let sms = new RecordingSms();
let alerts = new RecordingAlerts();
type Ports = DispatchPorts & EscalationPorts;
const dispatch = dispatchStore(store);
const reserveSms = smsCapReserver(store);
const markOnce = alertMarkers(store);
/**
 * These tests text the same phones again and again, moving the clock back and forth: no phone's
 * throttle holds any of it back (dispatch-sms-throttle.test.ts is about the throttle).
 */
const throttle: Ports['throttle'] = { ...smsThrottle(store), take: async () => true };
function ports(overrides: Partial<Ports> = {}): Ports {
  const { secrets, clock, province } = runtime();
  return {
    store: dispatch,
    roster: { onDutyOfficers: (area, at) => onDutyOfficers(store, area, at) },
    throttle,
    reserveSms,
    markOnce,
    sms,
    alerts,
    secrets,
    clock,
    province,
    sleep: async () => undefined,
    ...overrides,
  };
}

let reports = 0;
/** Posts a report through the real handler, as a resident would; a different text each time. */
async function submit(area = 'UONG-BI-QT5A', category = 'theft'): Promise<string> {
  const body = { area, category, description: `Tin báo thử số ${++reports} cho bộ điều phối.` };
  const result = await createReport(post('/api/reports', JSON.stringify(body), JSON_HEADERS), lambdaContext);
  return (jsonOf(result).body as { id: string }).id;
}

const partition = async (id: string) => (await allItems(store)).filter((item) => item.pk === `REPORT#${id}`);
const reportItem = async (id: string) => (await partition(id)).find((item) => item.sk === 'REPORT');

beforeAll(() => arrangeProvince(store));
afterEach(async () => {
  // Each test starts with both queues empty and a later clock.
  const quiet = ports({ sms: new RecordingSms(), alerts: new RecordingAlerts() });
  await dispatchPending(quiet, { limit: 100 });
  for (let round = 0; round < 10; round++) {
    advance(61);
    if ((await escalateDue(quiet, { limit: 100 })) === 0) break;
  }
  advance(120);
});

describe('dispatching a stored report (DynamoDB)', () => {
  it('texts the officers on duty in the place once each and records every step as its own item', async () => {
    sms = new RecordingSms();
    const id = await submit();
    now = new Date(now.getTime() + 2000);

    expect(await dispatchPending(ports())).toBe(1);

    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000101', '+84900000102']);
    const items = await partition(id);
    const notifications = items.filter((i) => String(i.sk).startsWith('NOTIFY#'));
    expect(notifications.map(({ claim: _c, claimedAt: _t, settledAt: _s, ...rest }) => rest)).toEqual([
      {
        pk: `REPORT#${id}`,
        sk: 'NOTIFY#UB-QT5A-HG',
        type: 'notification',
        key: 'UB-QT5A-HG',
        tier: 0,
        index: 0,
        to: '+84900000102',
        role: 'mediator',
        state: 'sent',
        attempts: 1,
      },
      {
        pk: `REPORT#${id}`,
        sk: 'NOTIFY#UB-QT5A-TT',
        type: 'notification',
        key: 'UB-QT5A-TT',
        tier: 0,
        index: 1,
        to: '+84900000101',
        role: 'group_head',
        state: 'sent',
        attempts: 1,
      },
    ]);
    const due = new Date(now.getTime() + 5 * 60_000).toISOString();
    expect(await reportItem(id)).toMatchObject({
      notifyStatus: 'sent',
      recipients: 2,
      dispatchedAt: now.toISOString(),
      escalationTier: 0,
      notifiedLevel: 'UONG-BI-QT5A',
      gsi2pk: 'ACKDUE',
      gsi2sk: `${due}#${id}`,
    });
    expect(await dispatchPending(ports())).toBe(0);
  });

  it('resumes a fan-out that crashed after the first SMS without texting anyone twice', async () => {
    sms = new RecordingSms((call) => (call > 1 ? new Error('killed') : undefined));
    const id = await submit();

    await expect(dispatchReport(ports(), id)).rejects.toThrow('killed');
    const recorded = sms.sent.length;
    sms.fail = () => undefined;
    await dispatchReport(ports(), id);

    expect(recorded).toBe(1);
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000101', '+84900000102']);
    expect(await reportItem(id)).toMatchObject({ notifyStatus: 'sent', recipients: 2 });
  });

  it('keeps the report when SNS keeps throttling: three tries each, then failed with the reason, the next tiers at once, and an alert', async () => {
    const sns = mockClient(SNSClient);
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $fault: 'client' }));
    sms = new RecordingSms();
    alerts = new RecordingAlerts();
    const id = await submit('UONG-BI-YT2');
    const { province } = runtime();

    await dispatchReport(
      ports({ sms: createSnsSms(province.sms, new SNSClient({ region: 'ap-southeast-1' })) }),
      id,
    );

    // Nobody on duty in Khu Yên Thanh 2: the ward police officer, three attempts; nobody texted, so
    // at once the next tier up (the province has nobody on duty): the duty desk, three attempts.
    const calls = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.PhoneNumber)).toEqual([
      ...Array(3).fill('+84900002301'),
      ...Array(3).fill(province.fallbackDutyPhone),
    ]);
    expect(calls[0]).toEqual({
      PhoneNumber: '+84900002301',
      Message: expect.stringMatching(
        /^TuQuan QN: Trom cap tai san: Khu Yen Thanh 2, Uong Bi, gui \d\d:\d\d\. Nhan xu ly: https:\/\//,
      ),
      MessageAttributes: {
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'CAQN' },
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.05' },
      },
    });
    const items = await partition(id);
    expect(items.find((i) => i.sk === 'NOTIFY#UB-CA1')).toMatchObject({
      state: 'failed',
      attempts: 3,
      reason: 'ThrottledException',
    });
    expect(items.find((i) => i.sk === 'NOTIFY#desk')).toMatchObject({
      tier: 1,
      state: 'failed',
      attempts: 3,
    });
    const item = await reportItem(id);
    expect(item).toMatchObject({
      notifyStatus: 'failed',
      recipients: 0,
      escalationTier: 1,
      notifiedLevel: 'DESK',
    });
    expect(item?.gsi2pk).toBeUndefined();
    expect(alerts.alerts).toEqual([
      expect.objectContaining({ reportId: id, body: expect.stringContaining(`Report ${id} (tier 1): `) }),
    ]);
    sns.restore();
  });

  it('stops at the daily cap, marks the report capped and alerts the admins once', async () => {
    sms = new RecordingSms();
    alerts = new RecordingAlerts();
    const base = runtime().province;
    const capped = { ...base, sms: { ...base.sms, dailyCap: 1 } };
    // A new day on the province clock: 17:00 UTC is midnight in Vietnam.
    now = new Date('2025-03-13T17:30:00.000Z');
    await arrangeProvince(store, '2025-03-13');
    const first = await submit();
    const second = await submit();

    await dispatchPending(ports({ province: capped }));

    expect(sms.sent).toHaveLength(1);
    expect([(await reportItem(first))?.notifyStatus, (await reportItem(second))?.notifyStatus]).toEqual([
      'capped',
      'capped',
    ]);
    // The one SMS is the whole cap: past 50% and 80% of it, and then reached, each said once. The other
    // report, refused at the cap meanwhile, may say "reached" before the first has said 80%.
    expect(alerts.alerts.map((a) => a.subject).sort()).toEqual([
      'tuquan quang-ninh: 50% of the daily SMS cap spent',
      'tuquan quang-ninh: 80% of the daily SMS cap spent',
      'tuquan quang-ninh: daily SMS cap reached',
    ]);
    const counter = (await allItems(store)).find((i) => i.pk === 'SMSDAY#2025-03-14');
    // In all, and for the report's commune or ward (its share of the cap).
    expect(counter).toEqual({
      pk: 'SMSDAY#2025-03-14',
      sk: 'COUNT',
      type: 'smsDay',
      day: '2025-03-14',
      sent: 1,
      'c#UONG-BI': 1,
    });
  });
});

describe('the dispatch queue (DynamoDB)', () => {
  it('lists the most urgent first, then the oldest: in one Query, by rank for the redrive, or high urgency only', async () => {
    const start = now.getTime();
    const at = (seconds: number) => new Date(start + seconds * 1000);
    const stored: Record<string, string> = {};
    for (const [name, category, seconds] of [
      ['low-1', 'noise', 0],
      ['high-1', 'theft', 1],
      ['low-2', 'noise', 2],
      ['high-2', 'theft', 3],
    ] as const) {
      now = at(seconds);
      stored[await submit('UONG-BI-QT5A', category)] = name;
    }
    const names = (listed: { id: string; urgency: string }[]) =>
      listed.filter(({ id }) => stored[id]).map(({ id, urgency }) => `${stored[id]} ${urgency}`);

    const all = names(await dispatch.pendingDispatch({ limit: 100 }));
    const before = names(
      await dispatch.pendingDispatch({ createdBefore: at(2.5).toISOString(), limit: 100 }),
    );
    const highOnly = names(await dispatch.pendingDispatch({ limit: 100, highOnly: true }));

    expect(all).toEqual(['high-1 high', 'high-2 high', 'low-1 low', 'low-2 low']);
    expect(before).toEqual(['high-1 high', 'low-1 low', 'low-2 low']);
    expect(highOnly).toEqual(['high-1 high', 'high-2 high']);
  });
});

describe('an interrupted SMS claim (DynamoDB)', () => {
  it('is taken over once to be sent again, put back as it was when that send never left, and never taken over twice', async () => {
    const id = await submit();
    const key = 'UB-QT5A-TT';
    const dead = {
      key,
      tier: 0,
      index: 1,
      to: '+84900000101',
      role: 'group_head',
      state: 'sending' as const,
      claim: 'dead-run',
      claimedAt: '2025-03-12T06:00:00.000Z',
    };
    const note = async () => (await partition(id)).find((i) => i.sk === `NOTIFY#${key}`);
    await dispatch.claimNotification(id, dead);

    const first = await dispatch.reclaimNotification(id, key, 'dead-run', {
      claim: 'resend-1',
      claimedAt: '2025-03-12T07:00:00.000Z',
    });
    const again = await dispatch.reclaimNotification(id, key, 'dead-run', {
      claim: 'resend-x',
      claimedAt: '2025-03-12T07:00:00.000Z',
    });
    const taken = await note();
    await dispatch.releaseNotification(id, key, 'resend-1');
    const released = await note();
    const second = await dispatch.reclaimNotification(id, key, 'resend-1', {
      claim: 'resend-2',
      claimedAt: '2025-03-12T07:05:00.000Z',
    });
    await dispatch.settleNotification(id, key, 'resend-2', {
      state: 'sent',
      attempts: 1,
      settledAt: '2025-03-12T07:05:01.000Z',
    });
    const afterSent = await dispatch.reclaimNotification(id, key, 'resend-2', {
      claim: 'resend-3',
      claimedAt: '2025-03-12T07:10:00.000Z',
    });

    expect([first, again, second, afterSent]).toEqual([true, false, true, false]);
    expect(taken).toMatchObject({
      state: 'sending',
      claim: 'resend-1',
      claimedAt: '2025-03-12T07:00:00.000Z',
      resentAt: '2025-03-12T07:00:00.000Z',
    });
    expect(released).toMatchObject({
      state: 'sending',
      claim: 'resend-1',
      claimedAt: '2025-03-12T06:00:00.000Z',
    });
    expect(released?.resentAt).toBeUndefined();
    expect((await dispatch.notifications(id)).find((n) => n.key === key)).toMatchObject({
      state: 'sent',
      resentAt: '2025-03-12T07:05:00.000Z',
    });
  });
});

describe('escalation (DynamoDB)', () => {
  it('texts the ward after the high-urgency minutes, then the duty desk, then leaves the queue', async () => {
    now = new Date('2025-03-12T08:00:00.000Z');
    sms = new RecordingSms();
    const id = await submit();
    await dispatchReport(ports(), id);

    advance(4);
    const early = await escalateDue(ports());
    advance(1);
    const ward = await escalateDue(ports());
    advance(5);
    const desk = await escalateDue(ports());
    advance(60);
    const none = await escalateDue(ports());

    expect([early, ward, desk, none]).toEqual([0, 1, 1, 0]);
    expect(sms.sent.map((m) => m.to)).toEqual([
      expect.stringMatching(/^\+8490000010[12]$/),
      expect.stringMatching(/^\+8490000010[12]$/),
      '+84900002301',
      runtime().province.fallbackDutyPhone,
    ]);
    expect(sms.sent[2]?.body.startsWith('TuQuan QN: Chua ai nhan! ')).toBe(true);
    const item = await reportItem(id);
    expect([item?.escalationTier, item?.notifiedLevel, item?.gsi2pk]).toEqual([2, 'DESK', undefined]);
    expect(
      (await partition(id)).filter((i) => String(i.sk).startsWith('TIER#')).map((i) => [i.sk, i.level]),
    ).toEqual([
      ['TIER#0', 'UONG-BI-QT5A'],
      ['TIER#1', 'UONG-BI'],
      ['TIER#2', 'DESK'],
    ]);
  });
});

describe('the stream handler', () => {
  const record = (eventName: 'INSERT' | 'MODIFY', pk: string, sk: string, seq: string) => ({
    eventID: seq,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      SequenceNumber: seq,
      StreamViewType: 'KEYS_ONLY' as const,
    },
  });

  it('dispatches new reports through the outbox and ignores other records', async () => {
    const id = await submit();
    const event: DynamoDBStreamEvent = {
      Records: [
        record('INSERT', 'RECEIPT#abc', 'RECEIPT', '1'),
        record('MODIFY', `REPORT#${id}`, 'REPORT', '2'),
        record('INSERT', `REPORT#${id}`, 'REPORT', '3'),
      ],
    };

    const result = await streamHandler(event, lambdaContext);

    expect(result).toEqual({ batchItemFailures: [] });
    const lines = readFileSync(outbox, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.reportId === id).map((l) => [l.to, l.at])).toEqual(
      expect.arrayContaining([
        ['+84900000101', now.toISOString()],
        ['+84900000102', now.toISOString()],
      ]),
    );
    expect(await reportItem(id)).toMatchObject({ notifyStatus: 'sent' });
  });

  it('reports the first record it could not dispatch, so that Lambda retries from there', async () => {
    const id = await submit();
    const doc = runtime().store.doc;
    const original = doc.send.bind(doc);
    // The tier plan cannot be stored (nor read): the store is down for that item.
    type Keyed = { input?: { Key?: { sk?: string }; Item?: { sk?: string } } };
    vi.spyOn(doc, 'send').mockImplementation(((command: Keyed) =>
      String((command.input?.Key ?? command.input?.Item)?.sk).startsWith('TIER#')
        ? Promise.reject(Object.assign(new Error('down'), { name: 'InternalServerError' }))
        : original(command as never)) as never);

    const result = await streamHandler(
      {
        Records: [
          record('INSERT', `REPORT#${id}`, 'REPORT', '7'),
          record('INSERT', 'REPORT#other', 'REPORT', '8'),
        ],
      },
      lambdaContext,
    );
    vi.restoreAllMocks();

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
    expect(await reportItem(id)).toMatchObject({ notifyStatus: 'pending', gsi2pk: 'DISPATCH' });
  });
});

describe('the scheduled sweep', () => {
  it('dispatches what the stream left behind after two minutes, and escalates what is due', async () => {
    const id = await submit();
    advance(1);
    const tooSoon = await escalateHandler({}, lambdaContext);
    advance(2);
    const later = await escalateHandler({}, lambdaContext);

    expect([tooSoon, later]).toEqual([
      { escalated: 0, held: 0, redriven: 0 },
      { escalated: 0, held: 0, redriven: 1 },
    ]);
    expect(await reportItem(id)).toMatchObject({ notifyStatus: 'sent' });
  });
});
