import { describe, expect, it } from 'vitest';
import { changeStatus } from '../../functions/cases/change-status';
import { inbox, inboxEntry } from '../../functions/cases/inbox';
import { onDutyNow } from '../../functions/cases/on-duty';
import { openCase } from '../../functions/cases/open';
import { decodeCursor } from '../../functions/cases/schema';
import { myShifts } from '../../functions/cases/shifts';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../functions/shared/errors';
import { casePorts, caseReport, identityOf } from './cases-fakes';

const at = (minute: number) => `2025-03-12T07:${String(minute).padStart(2, '0')}:00.000Z`;
const id = (n: number) => `r${String(n).padStart(15, '0')}`;

/** Five reports: three in Uông Bí's groups, one at the ward itself, one in Hạ Long. */
function withReports() {
  const setup = casePorts();
  setup.add(caseReport({ id: id(1), createdAt: at(1) }));
  setup.add(caseReport({ id: id(2), createdAt: at(2), area: 'UONG-BI-YT2', status: 'acknowledged' }));
  setup.add(caseReport({ id: id(3), createdAt: at(3), area: 'UONG-BI', ancestors: ['QN'] }));
  setup.add(caseReport({ id: id(4), createdAt: at(4), area: 'HA-LONG-K1', ancestors: ['QN', 'HA-LONG'] }));
  setup.add(caseReport({ id: id(5), createdAt: at(5) }));
  return setup;
}

describe('inbox', () => {
  it("lists the reports of the officer's ward and of every place under it, newest first, a page at a time", async () => {
    const { ports } = withReports();
    const officer = identityOf('UB-CA1');

    const first = await inbox(officer, { limit: 3 }, ports);
    const second = await inbox(officer, { limit: 3, cursor: first.next }, ports);

    expect(first.reports.map((r) => r.id)).toEqual([id(5), id(3), id(2)]);
    expect(first.next).toEqual(expect.any(String));
    expect(second).toEqual({ reports: [inboxEntry(caseReport({ id: id(1), createdAt: at(1) }))] });
  });

  it('filters by status and by a place the officer serves', async () => {
    const { ports } = withReports();
    const officer = identityOf('UB-CA1');

    const acknowledged = await inbox(officer, { status: 'acknowledged' }, ports);
    const group = await inbox(officer, { area: 'UONG-BI-QT5A' }, ports);

    expect(acknowledged.reports.map((r) => r.id)).toEqual([id(2)]);
    expect(group.reports.map((r) => r.id)).toEqual([id(5), id(1)]);
  });

  it('shows a report as a short entry, its text cut to 120 characters', () => {
    const long = 'Hàng xóm cãi nhau vì tiếng ồn. '.repeat(10);

    expect(inboxEntry(caseReport({ description: long, escalationTier: 1, parentName: 'Uông Bí' }))).toEqual({
      id: id(1),
      area: 'UONG-BI-QT5A',
      areaName: 'Khu Quang Trung 5A',
      parentName: 'Uông Bí',
      category: 'neighbour_dispute',
      categoryLabel: { vi: 'Mâu thuẫn hàng xóm', en: 'Dispute between neighbours' },
      urgency: 'normal',
      status: 'received',
      createdAt: '2025-03-12T07:00:00.000Z',
      notifyStatus: 'pending',
      escalationTier: 1,
      excerpt: `${[...long].slice(0, 119).join('')}…`,
    });
  });

  it('lets an admin see the whole province', async () => {
    const { ports } = withReports();

    const page = await inbox(identityOf('QN-ADMIN'), {}, ports);

    expect(page.reports.map((r) => r.id)).toEqual([id(5), id(4), id(3), id(2), id(1)]);
  });

  it("reads the province's own list for an admin, and carries on from where its read budget ran out", async () => {
    const { ports } = withReports();
    const asked: unknown[] = [];
    ports.reports.inProvince = async (options) => {
      asked.push(options);
      return { reports: [caseReport({ id: id(5), createdAt: at(5) })], resumeAt: `${at(3)}#${id(3)}` };
    };
    ports.reports.inPlaces = async () => {
      throw new Error('no Query per place for the province');
    };

    const page = await inbox(identityOf('QN-ADMIN'), { status: 'received', limit: 10 }, ports);

    expect(asked).toEqual([{ before: undefined, limit: 10, status: 'received' }]);
    expect(page.reports.map((r) => r.id)).toEqual([id(5)]);
    expect(page.next && decodeCursor(page.next)).toBe(`${at(3)}#${id(3)}`);
  });

  it('refuses a place the officer does not serve, and keeps an audit entry without personal data', async () => {
    const { ports, audit } = withReports();

    await expect(inbox(identityOf('UB-CA1'), { area: 'HA-LONG' }, ports)).rejects.toBeInstanceOf(Forbidden);
    expect(audit).toEqual([
      {
        at: '2025-03-12T08:00:00.000Z',
        officerId: 'UB-CA1',
        action: 'list reports',
        target: 'HA-LONG',
        outcome: 'denied',
      },
    ]);
  });

  it('refuses a cursor it did not make and an unknown place', async () => {
    const { ports } = withReports();

    await expect(inbox(identityOf('UB-CA1'), { cursor: 'abc' }, ports)).rejects.toEqual(
      new InvalidInput({ cursor: { key: 'field.invalid' } }),
    );
    await expect(inbox(identityOf('UB-CA1'), { area: 'NOWHERE' }, ports)).rejects.toBeInstanceOf(NotFound);
  });
});

describe('openCase', () => {
  it('shows the report, its timeline, who was texted (without phones) and at which named place, replies and notes', async () => {
    const setup = casePorts();
    const report = caseReport({
      contact: { name: 'Người báo', phone: '+84911111111' },
      notifyStatus: 'partial',
      recipients: 1,
      dispatchedAt: '2025-03-12T07:00:02.000Z',
      escalationTier: 1,
      acknowledgedAt: '2025-03-12T07:20:00.000Z',
      acknowledgedBy: { role: 'police', officerId: 'UB-CA1' },
      status: 'in_progress',
    });
    const recipient = (key: string, role: string) => ({
      key,
      to: '+84900000999',
      role,
      officerId: key,
    });
    setup.add(report, [
      {
        sk: 'TIER#0',
        tier: 0,
        level: 'UONG-BI-QT5A',
        at: '2025-03-12T07:00:01.000Z',
        recipients: [recipient('UB-QT5A-HG', 'mediator')],
      },
      {
        sk: 'NOTIFY#UB-QT5A-HG',
        key: 'UB-QT5A-HG',
        tier: 0,
        index: 0,
        to: '+84900000047',
        role: 'mediator',
        state: 'sent',
        claim: 'x',
        claimedAt: '2025-03-12T07:00:01.000Z',
        settledAt: '2025-03-12T07:00:02.000Z',
      },
      {
        sk: 'NOTIFY#GONE',
        key: 'GONE',
        tier: 0,
        index: 1,
        to: '+84900000048',
        role: 'group_head',
        state: 'failed',
        reason: 'opted_out',
        claim: 'y',
        claimedAt: '2025-03-12T07:00:01.000Z',
        settledAt: '2025-03-12T07:00:02.000Z',
      },
      { sk: 'TIER#1', tier: 1, level: 'DESK', at: '2025-03-12T07:15:02.000Z', recipients: [] },
      {
        sk: 'NOTIFY#desk',
        key: 'desk',
        tier: 1,
        index: 0,
        to: '+842033825113',
        role: 'duty_desk',
        state: 'sent',
        claim: 'z',
        claimedAt: '2025-03-12T07:15:02.000Z',
        settledAt: '2025-03-12T07:15:03.000Z',
      },
      {
        sk: 'EVENT#2025-03-12T07:20:00.000Z#c1',
        type: 'event',
        at: '2025-03-12T07:20:00.000Z',
        status: 'acknowledged',
        from: 'received',
        by: { officerId: 'UB-CA1', role: 'police' },
      },
      {
        sk: 'EVENT#2025-03-12T07:30:00.000Z#c2',
        type: 'event',
        at: '2025-03-12T07:30:00.000Z',
        status: 'in_progress',
        from: 'acknowledged',
        by: { officerId: 'UB-CA1', role: 'police' },
      },
      {
        sk: 'REPLY#2025-03-12T07:30:00.000Z#c2',
        at: '2025-03-12T07:30:00.000Z',
        text: 'Cán bộ đang đến.',
        by: { officerId: 'UB-CA1', role: 'police' },
      },
      {
        sk: 'NOTE#2025-03-12T07:31:00.000Z#c3',
        at: '2025-03-12T07:31:00.000Z',
        text: 'Hộ số 8 đã từng bị nhắc nhở.',
        by: { officerId: 'UB-CA1', role: 'police' },
      },
    ]);

    const view = await openCase(identityOf('UB-CA1'), report.id, setup.ports);

    const police = {
      role: 'police',
      officerId: 'UB-CA1',
      name: 'Vũ Hoàng Giang',
      place: { name: 'Uông Bí', kind: 'ward' },
    };
    const { acknowledgedBy: _by, ...fields } = report;
    expect(view).toEqual({
      report: { ...fields, acknowledgedBy: police, mediable: true },
      next: ['resolved', 'mediated', 'referred'],
      timeline: [
        { at: '2025-03-12T07:00:00.000Z', status: 'received' },
        { at: '2025-03-12T07:00:02.000Z', status: 'dispatched', recipients: 1, tier: 0 },
        { at: '2025-03-12T07:15:02.000Z', status: 'escalated', tier: 1, level: 'DESK', recipients: 1 },
        { at: '2025-03-12T07:20:00.000Z', status: 'acknowledged', by: police },
        { at: '2025-03-12T07:30:00.000Z', status: 'in_progress', by: police },
      ],
      notified: [
        {
          tier: 0,
          index: 0,
          level: 'UONG-BI-QT5A',
          place: { name: 'Khu Quang Trung 5A', kind: 'residential_group' },
          role: 'mediator',
          officerId: 'UB-QT5A-HG',
          name: 'Hòa giải viên Quang Trung 5A',
          state: 'sent',
          at: '2025-03-12T07:00:02.000Z',
        },
        {
          tier: 0,
          index: 1,
          level: 'UONG-BI-QT5A',
          place: { name: 'Khu Quang Trung 5A', kind: 'residential_group' },
          role: 'group_head',
          officerId: 'GONE',
          state: 'failed',
          reason: 'opted_out',
          at: '2025-03-12T07:00:02.000Z',
        },
        {
          tier: 1,
          index: 0,
          level: 'DESK',
          role: 'duty_desk',
          state: 'sent',
          at: '2025-03-12T07:15:03.000Z',
        },
      ],
      replies: [{ at: '2025-03-12T07:30:00.000Z', text: 'Cán bộ đang đến.', by: police }],
      notes: [{ at: '2025-03-12T07:31:00.000Z', text: 'Hộ số 8 đã từng bị nhắc nhở.', by: police }],
    });
    // The resident's own number is the report's; nobody else's phone is in the answer.
    expect(JSON.stringify(view).match(/\+84\d+/g)).toEqual(['+84911111111']);
  });

  it("refuses another area's case with an audit entry, and answers 404 for an unknown one", async () => {
    const setup = casePorts();
    setup.add(caseReport());

    await expect(openCase(identityOf('HL-CA1'), id(1), setup.ports)).rejects.toBeInstanceOf(Forbidden);
    await expect(openCase(identityOf('HL-CA1'), id(9), setup.ports)).rejects.toEqual(
      new NotFound('error.report_not_found'),
    );
    expect(setup.audit).toEqual([
      {
        at: '2025-03-12T08:00:00.000Z',
        officerId: 'HL-CA1',
        action: 'read report',
        target: 'UONG-BI-QT5A',
        outcome: 'denied',
      },
    ]);
  });
});

describe('changeStatus', () => {
  const mediator = identityOf('UB-QT5A-HG');
  const mediation = {
    status: 'mediated' as const,
    outcome: 'success' as const,
    mediator: 'Lê Thị Hòa',
    mediatedAt: '2025-03-12',
  };

  it('takes a new report: acknowledges it for the officer, records the change and counts the time', async () => {
    const setup = casePorts();
    setup.add(caseReport());

    const answer = await changeStatus(mediator, id(1), { status: 'acknowledged' }, {}, setup.ports);

    expect(answer).toEqual({
      id: id(1),
      status: 'acknowledged',
      previous: 'received',
      changedAt: '2025-03-12T08:00:00.000Z',
      acknowledgedAt: '2025-03-12T08:00:00.000Z',
    });
    expect(setup.partitions.get(id(1))?.slice(1)).toEqual([
      {
        pk: `REPORT#${id(1)}`,
        sk: 'EVENT#2025-03-12T08:00:00.000Z#c1',
        type: 'event',
        at: '2025-03-12T08:00:00.000Z',
        status: 'acknowledged',
        from: 'received',
        by: { officerId: 'UB-QT5A-HG', role: 'mediator' },
      },
    ]);
    expect(setup.reportItem(id(1))).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { role: 'mediator', officerId: 'UB-QT5A-HG' },
    });
    expect(setup.counted).toEqual([`acknowledged ${id(1)} 2025-03-12T08:00:00.000Z`]);
  });

  it('records a mediation with its outcome, a reply for the resident and a note they never see', async () => {
    const setup = casePorts();
    setup.add(caseReport({ status: 'in_progress', acknowledgedAt: at(5) }));

    const answer = await changeStatus(
      mediator,
      id(1),
      {
        ...mediation,
        publicReply: 'Hai gia đình đã thống nhất.',
        internalNote: 'Hẹn kiểm tra lại sau 1 tuần.',
      },
      {},
      setup.ports,
    );

    const by = { officerId: 'UB-QT5A-HG', role: 'mediator' };
    const at8 = '2025-03-12T08:00:00.000Z';
    expect(answer).toEqual({
      id: id(1),
      status: 'mediated',
      previous: 'in_progress',
      changedAt: at8,
      acknowledgedAt: at(5),
      mediation: { outcome: 'success', mediator: 'Lê Thị Hòa', mediatedAt: '2025-03-12' },
    });
    expect(setup.partitions.get(id(1))?.slice(1)).toEqual([
      {
        pk: `REPORT#${id(1)}`,
        sk: `EVENT#${at8}#c1`,
        type: 'event',
        at: at8,
        status: 'mediated',
        from: 'in_progress',
        by,
        outcome: 'success',
        mediator: 'Lê Thị Hòa',
        mediatedAt: '2025-03-12',
      },
      {
        pk: `REPORT#${id(1)}`,
        sk: `REPLY#${at8}#c1`,
        type: 'reply',
        at: at8,
        text: 'Hai gia đình đã thống nhất.',
        by,
      },
      {
        pk: `REPORT#${id(1)}`,
        sk: `NOTE#${at8}#c1`,
        type: 'note',
        at: at8,
        text: 'Hẹn kiểm tra lại sau 1 tuần.',
        by,
      },
    ]);
    expect(setup.counted).toEqual([`mediated ${id(1)} success`]);
  });

  it('answers a retry with the same key as the first time, without writing or counting anything twice', async () => {
    const setup = casePorts();
    setup.add(caseReport({ status: 'acknowledged', acknowledgedAt: at(5) }));
    const key = { idempotencyKey: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' };
    const change = { ...mediation, publicReply: 'Đã hòa giải xong.' };

    const first = await changeStatus(mediator, id(1), change, key, setup.ports);
    setup.clock.advance(1);
    const again = await changeStatus(mediator, id(1), change, key, setup.ports);

    expect(again).toEqual(first);
    expect(setup.partitions.get(id(1))?.map((i) => i.sk)).toEqual([
      'REPORT',
      'EVENT#2025-03-12T08:00:00.000Z#c1',
      'REPLY#2025-03-12T08:00:00.000Z#c1',
    ]);
    expect(setup.counted).toEqual([`mediated ${id(1)} success`]);
    await expect(
      changeStatus(mediator, id(1), { ...change, publicReply: 'Khác.' }, key, setup.ports),
    ).rejects.toEqual(new Conflict('error.idempotency_conflict'));
  });

  it('refuses to go back or to stay put with nothing to add, and writes nothing', async () => {
    const setup = casePorts();
    setup.add(caseReport({ status: 'in_progress', acknowledgedAt: at(5) }));

    await expect(changeStatus(mediator, id(1), { status: 'acknowledged' }, {}, setup.ports)).rejects.toEqual(
      new Conflict('error.illegal_transition'),
    );
    await expect(changeStatus(mediator, id(1), { status: 'in_progress' }, {}, setup.ports)).rejects.toEqual(
      new Conflict('error.illegal_transition'),
    );
    await expect(changeStatus(mediator, id(1), { status: 'closed' }, {}, setup.ports)).rejects.toEqual(
      new Conflict('error.illegal_transition'),
    );
    expect(setup.partitions.get(id(1))).toHaveLength(1);
  });

  it('takes no reply, note or mediator on a case whose words were erased, but still closes it', async () => {
    const setup = casePorts();
    setup.add(
      caseReport({ status: 'resolved', acknowledgedAt: at(5), description: '', textRemovedAt: at(9) }),
    );

    const refused = await Promise.all(
      [
        { publicReply: 'Đã xong.' },
        { internalNote: 'Gọi lại.' },
        { status: 'closed' as const, internalNote: 'Hết.' },
      ].map((change) =>
        changeStatus(mediator, id(1), change, {}, setup.ports).catch((error: unknown) => error),
      ),
    );
    const closed = await changeStatus(mediator, id(1), { status: 'closed' }, {}, setup.ports);

    expect(refused).toEqual(Array(3).fill(new Conflict('error.case_words_erased')));
    expect([closed.status, setup.partitions.get(id(1))?.map((i) => i.sk)]).toEqual([
      'closed',
      ['REPORT', 'EVENT#2025-03-12T08:00:00.000Z#c1'],
    ]);
  });

  it('adds a reply or a note without moving the case', async () => {
    const setup = casePorts();
    setup.add(caseReport({ status: 'in_progress', acknowledgedAt: at(5) }));

    const answer = await changeStatus(
      mediator,
      id(1),
      { status: 'in_progress', internalNote: 'Đã gọi điện cho người báo.' },
      {},
      setup.ports,
    );

    expect(answer).toEqual({
      id: id(1),
      status: 'in_progress',
      previous: 'in_progress',
      changedAt: '2025-03-12T08:00:00.000Z',
      acknowledgedAt: at(5),
    });
    expect(setup.partitions.get(id(1))?.map((i) => i.sk)).toEqual([
      'REPORT',
      'NOTE#2025-03-12T08:00:00.000Z#c1',
    ]);
    expect(setup.counted).toEqual([]);
  });

  it('saves a note alone on a resolved case without a status: the case stays resolved, nothing is counted', async () => {
    const setup = casePorts();
    setup.add(caseReport({ status: 'resolved', acknowledgedAt: at(5) }));

    const answer = await changeStatus(
      mediator,
      id(1),
      { internalNote: 'Người báo gọi lại cảm ơn.' },
      {},
      setup.ports,
    );

    expect(answer).toEqual({
      id: id(1),
      status: 'resolved',
      previous: 'resolved',
      changedAt: '2025-03-12T08:00:00.000Z',
      acknowledgedAt: at(5),
    });
    expect(setup.reportItem(id(1))).toMatchObject({ status: 'resolved' });
    expect(setup.partitions.get(id(1))?.slice(1)).toEqual([
      {
        pk: `REPORT#${id(1)}`,
        sk: 'NOTE#2025-03-12T08:00:00.000Z#c1',
        type: 'note',
        at: '2025-03-12T08:00:00.000Z',
        text: 'Người báo gọi lại cảm ơn.',
        by: { officerId: 'UB-QT5A-HG', role: 'mediator' },
      },
    ]);
    expect(setup.counted).toEqual([]);
  });

  it('saves a reply alone on a new report without taking it: it stays new for the officers on duty', async () => {
    const setup = casePorts();
    setup.add(caseReport());

    const answer = await changeStatus(
      mediator,
      id(1),
      { publicReply: 'Đã nhận, tổ hòa giải sẽ đến trong chiều nay.' },
      {},
      setup.ports,
    );

    expect(answer).toEqual({
      id: id(1),
      status: 'received',
      previous: 'received',
      changedAt: '2025-03-12T08:00:00.000Z',
    });
    expect(setup.reportItem(id(1))).toMatchObject({ status: 'received' });
    expect(setup.reportItem(id(1))?.acknowledgedAt).toBeUndefined();
    expect(setup.partitions.get(id(1))?.map((i) => i.sk)).toEqual([
      'REPORT',
      'REPLY#2025-03-12T08:00:00.000Z#c1',
    ]);
    expect(setup.counted).toEqual([]);
  });

  it('loses to an acknowledgement by SMS that came between reading and writing', async () => {
    const setup = casePorts();
    setup.add(caseReport());
    const read = setup.ports.reports.getCase;
    setup.ports.reports.getCase = async (reportId) => {
      const seen = await read(reportId);
      Object.assign(setup.reportItem(reportId) ?? {}, { status: 'acknowledged', acknowledgedAt: at(30) });
      return seen;
    };

    await expect(changeStatus(mediator, id(1), { status: 'in_progress' }, {}, setup.ports)).rejects.toEqual(
      new Conflict('error.illegal_transition'),
    );
    expect(setup.counted).toEqual([]);
  });

  it('refuses a mediation dated tomorrow on the province calendar, and a case elsewhere', async () => {
    const setup = casePorts();
    setup.add(caseReport({ status: 'in_progress', acknowledgedAt: at(5) }));
    // 18:00 UTC is already 13 March in Viet Nam.
    setup.clock.set('2025-03-12T18:00:00.000Z');

    await expect(
      changeStatus(mediator, id(1), { ...mediation, mediatedAt: '2025-03-14' }, {}, setup.ports),
    ).rejects.toEqual(new InvalidInput({ mediatedAt: { key: 'field.date_in_future' } }));
    expect(
      await changeStatus(mediator, id(1), { ...mediation, mediatedAt: '2025-03-13' }, {}, setup.ports),
    ).toMatchObject({
      status: 'mediated',
    });
    await expect(
      changeStatus(identityOf('HL-CA1'), id(1), { status: 'closed' }, {}, setup.ports),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('duty', () => {
  it("lists the officer's shifts from the one under way to two weeks ahead, with the places' names", async () => {
    const setup = casePorts();
    const shift = (start: string, end: string, area = 'UONG-BI-QT5A') => ({
      area,
      officer: 'UB-QT5A-HG',
      start,
      end,
      source: 'roster' as const,
    });
    setup.shifts.push(
      shift('2025-03-11T11:00:00.000Z', '2025-03-11T23:00:00.000Z'),
      shift('2025-03-12T07:00:00.000Z', '2025-03-12T11:00:00.000Z'),
      shift('2025-03-20T11:00:00.000Z', '2025-03-20T23:00:00.000Z', 'UONG-BI'),
      shift('2025-03-27T11:00:00.000Z', '2025-03-27T23:00:00.000Z'),
    );

    expect(await myShifts(identityOf('UB-QT5A-HG'), setup.ports)).toEqual({
      shifts: [
        {
          area: 'UONG-BI-QT5A',
          areaName: 'Khu Quang Trung 5A',
          start: '2025-03-12T07:00:00.000Z',
          end: '2025-03-12T11:00:00.000Z',
          now: true,
        },
        {
          area: 'UONG-BI',
          areaName: 'Uông Bí',
          start: '2025-03-20T11:00:00.000Z',
          end: '2025-03-20T23:00:00.000Z',
          now: false,
        },
      ],
    });
  });

  it('says who is on duty now in the ward and each of its groups, named with their kind, with phones to call each other', async () => {
    const setup = casePorts();
    setup.onDuty['UONG-BI-QT5A'] = [
      { id: 'UB-QT5A-HG', name: 'Hòa giải viên', phone: '+84900000047', role: 'mediator' },
    ];

    expect(await onDutyNow(identityOf('UB-CA1'), {}, setup.ports)).toEqual({
      at: '2025-03-12T08:00:00.000Z',
      areas: [
        { area: 'UONG-BI', name: 'Uông Bí', kind: 'ward', officers: [] },
        {
          area: 'UONG-BI-QT5A',
          name: 'Khu Quang Trung 5A',
          kind: 'residential_group',
          officers: [{ id: 'UB-QT5A-HG', name: 'Hòa giải viên', role: 'mediator', phone: '+84900000047' }],
        },
        { area: 'UONG-BI-YT2', name: 'Khu Yên Thanh 2', kind: 'residential_group', officers: [] },
      ],
    });
    await expect(onDutyNow(identityOf('UB-CA1'), { area: 'HA-LONG' }, setup.ports)).rejects.toBeInstanceOf(
      Forbidden,
    );
  });
});
