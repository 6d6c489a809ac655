import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const outbox = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
  return process.env.TUQUAN_SMS_OUTBOX;
});

import { overrideClock } from '../../functions/shared/runtime';
import { fitsOneSegment } from '../../functions/sms/model';
import { handler as createHandler } from '../../functions/suggestions/create.handler';
import { runDigest } from '../../functions/suggestions/digest.handler';
import { lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { itemsOfType } from './reports-arrange';
import { arrangeBoxes, GROUP_BOX, OFFICERS, postJson, proofOfWork, WARD_BOX } from './suggestions-arrange';

const store = testStore();
let now = new Date('2025-03-12T00:10:00.000Z');
overrideClock({ now: () => now });

async function drop(box: string, text: string): Promise<void> {
  // As the site's page sends it: JSON with its proof of work (the demo asks one for suggestions).
  const result = await createHandler(
    postJson('/api/suggestions', { box, text }, { 'x-altcha': await proofOfWork(now) }),
    lambdaContext,
  );
  if (result.statusCode !== 201) throw new Error(`not stored: ${result.statusCode}`);
  now = new Date(now.getTime() + 60_000);
}

const messages = (): { to: string; body: string; at: string }[] =>
  existsSync(outbox)
    ? readFileSync(outbox, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];

beforeAll(async () => {
  await arrangeBoxes(store, '2025-03-12');
  await arrangeBoxes(store, '2025-03-13');
  await drop(GROUP_BOX.id, 'Đèn đường ngõ 3 bị hỏng đã hai tuần.');
  await drop(GROUP_BOX.id, 'Quán karaoke mở nhạc quá 23 giờ.');
  await drop(GROUP_BOX.id, 'Xin thêm thùng rác ở đầu ngõ 7.');
  await drop(WARD_BOX.id, 'Chợ phường họp tràn ra lòng đường.');
});

describe('runDigest (the daily digest, on the store)', () => {
  it('texts each officer on duty for each box with new suggestions once: the count, never a word of them', async () => {
    now = new Date('2025-03-12T01:00:00.000Z');

    const outcome = await runDigest();

    expect(outcome).toEqual({ boxes: 2, sent: 3, failed: 0, capped: 0 });
    const link = 'https://tuquan.quangninh.example.vn/officer/';
    const group = `Hom thu gop y To tu quan an ninh trat tu khu Quang Trung 5A: 3 gop y moi. Xem: ${link}`;
    expect(messages().map(({ to, body }) => ({ to, body }))).toEqual([
      { to: OFFICERS.mediator.phone, body: group },
      { to: OFFICERS.groupHead.phone, body: group },
      { to: OFFICERS.wardPolice.phone, body: `Hom thu gop y phuong Uong Bi: 1 gop y moi. Xem: ${link}` },
    ]);
    expect(messages().every((m) => fitsOneSegment(m.body))).toBe(true);
  });

  it('sends nothing more the same day; the next day, only the boxes with suggestions since', async () => {
    now = new Date('2025-03-12T05:00:00.000Z');
    await drop(WARD_BOX.id, 'Xin sửa ổ gà trước cổng chợ.');
    const sameDay = await runDigest();
    now = new Date('2025-03-13T01:00:00.000Z');

    const nextDay = await runDigest();
    const again = await runDigest();

    expect(sameDay).toEqual({ boxes: 0, sent: 0, failed: 0, capped: 0 });
    expect(nextDay).toEqual({ boxes: 1, sent: 1, failed: 0, capped: 0 });
    expect(again).toEqual({ boxes: 0, sent: 0, failed: 0, capped: 0 });
    expect(
      messages()
        .slice(3)
        .map((m) => [m.to, m.body.match(/: (\d+) gop y/)?.[1]]),
    ).toEqual([[OFFICERS.wardPolice.phone, '1']]);
  });

  it('keeps a plan and one record per SMS for each box and day, and takes the SMS from the daily counter', async () => {
    const plans = await itemsOfType(store, 'digestPlan');
    const sms = await itemsOfType(store, 'digestSms');
    const counters = await itemsOfType(store, 'smsDay');

    expect(plans.map((p) => [p.box, p.day, p.count, p.level]).sort()).toEqual(
      [
        [WARD_BOX.id, '2025-03-12', 1, 'UONG-BI'],
        [WARD_BOX.id, '2025-03-13', 1, 'UONG-BI'],
        [GROUP_BOX.id, '2025-03-12', 3, 'UONG-BI-QT5A'],
      ].sort(),
    );
    expect(sms.map((s) => s.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(counters.map((c) => [c.pk, c.sent]).sort()).toEqual([
      ['SMSDAY#2025-03-12', 3],
      ['SMSDAY#2025-03-13', 1],
    ]);
  });
});
