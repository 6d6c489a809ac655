import { describe, expect, it } from 'vitest';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
import type { OfficerOnDuty } from '../../functions/sms/roster';
import { dispatchSetup, officer, PROVINCE, report } from './dispatch-fakes';

const ID = 'r000000000000001';

/** The demo's officers of Uông Bí (infra/provinces/quang-ninh/officers.csv), as the roster reads them. */
const demo = (id: string, phone: string, role: string): OfficerOnDuty => ({ id, name: id, phone, role });
const QT5A_HEAD = demo('UONG-BI-QT5A-TT', '+84900000046', 'group_head');
const QT5A_MEDIATOR = demo('UONG-BI-QT5A-HG', '+84900000047', 'mediator');
const WARD_POLICE_DAY = demo('UONG-BI-CA1', '+84900000040', 'police');
const WARD_POLICE_NIGHT = demo('UONG-BI-CA2', '+84900000041', 'police');

/** The demo's roster.csv at night: the khu's mediator (18:00–06:00) and the ward's night police officer. */
const NIGHT = { 'UONG-BI-QT5A': [QT5A_MEDIATOR], 'UONG-BI': [WARD_POLICE_NIGHT] };
/** And by day: the khu's group head and the ward's day police officer. */
const DAY = { 'UONG-BI-QT5A': [QT5A_HEAD], 'UONG-BI': [WARD_POLICE_DAY] };

/** 21:40 in Quảng Ninh. */
const NIGHT_AT = '2025-03-12T14:40:00.000Z';

const recipients = (setup: ReturnType<typeof dispatchSetup>, tier = 0) =>
  setup.store.tiers.get(`${ID}#${tier}`)?.recipients.map((r) => [r.key, r.role, r.informed ?? false]);

describe('routing by category: the first tier', () => {
  it('texts a theft in Khu Quang Trung 5A at night to the ward police, not to the khu’s night mediator', async () => {
    const setup = dispatchSetup(NIGHT);
    setup.clock.set('2025-03-12T14:40:02.000Z');
    setup.store.add(report({ category: 'theft', urgency: 'high', createdAt: NIGHT_AT }));

    await dispatchReport(setup.ports, ID);

    expect(setup.sms.sent.map((m) => [m.to, m.body.replace(/\/api\/ack\/\S+$/, '/api/ack/…')])).toEqual([
      [
        '+84900000041',
        'TuQuan QN: Trom cap tai san: Khu Quang Trung 5A, Uong Bi, gui 21:40. Nhan xu ly: https://tuquan.quangninh.example.vn/api/ack/…',
      ],
    ]);
    expect(setup.store.report(ID)).toMatchObject({
      notifyStatus: 'sent',
      recipients: 1,
      notifiedLevel: 'UONG-BI',
    });
    // The roster is asked about the khu first, then the ward, where a police officer is on duty.
    expect(setup.roster.asked).toEqual([
      { area: 'UONG-BI-QT5A', at: NIGHT_AT },
      { area: 'UONG-BI', at: NIGHT_AT },
    ]);
  });

  it('texts a neighbour dispute at night to the khu’s mediator, and the ward police so that they know', async () => {
    const setup = dispatchSetup(NIGHT);
    setup.store.add(
      report({
        category: 'neighbour_dispute',
        categoryLabel: { vi: 'Mâu thuẫn hàng xóm', en: 'Dispute between neighbours' },
        createdAt: NIGHT_AT,
      }),
    );

    await dispatchReport(setup.ports, ID);

    expect(setup.sms.sent.map((m) => m.to)).toEqual(['+84900000047', '+84900000041']);
    expect(recipients(setup)).toEqual([
      ['UONG-BI-QT5A-HG', 'mediator', false],
      ['UONG-BI-CA2', 'police', true],
    ]);
    // The tier reached the khu: its escalation starts at the ward.
    expect(setup.store.report(ID)?.notifiedLevel).toBe('UONG-BI-QT5A');
  });

  it('texts a neighbour dispute by day to the group head, with the police informed', async () => {
    const setup = dispatchSetup(DAY);
    setup.store.add(report({ category: 'neighbour_dispute' }));

    await dispatchReport(setup.ports, ID);

    expect(recipients(setup)).toEqual([
      ['UONG-BI-QT5A-TT', 'group_head', false],
      ['UONG-BI-CA1', 'police', true],
    ]);
  });

  it('texts a fire risk to the police and the duty desk at once, the desk standing in for a desk officer', async () => {
    const setup = dispatchSetup(DAY);
    setup.store.add(report({ category: 'fire_risk', urgency: 'high' }));

    await dispatchReport(setup.ports, ID);

    expect(setup.sms.sent.map((m) => m.to)).toEqual(['+84900000040', PROVINCE.fallbackDutyPhone]);
    expect(setup.store.report(ID)).toMatchObject({ notifyStatus: 'sent', notifiedLevel: 'UONG-BI' });
  });

  it('texts a duty desk officer on duty for a fire risk rather than the province’s desk', async () => {
    const setup = dispatchSetup({ ...DAY, 'UONG-BI': [WARD_POLICE_DAY, officer('D1', 'duty_desk')] });
    setup.store.add(report({ category: 'fire_risk', urgency: 'high' }));

    await dispatchReport(setup.ports, ID);

    expect(recipients(setup)).toEqual([
      ['UONG-BI-CA1', 'police', false],
      ['D1', 'duty_desk', false],
    ]);
  });

  it('never texts a mediator alone about a category that is not mediable: the duty desk comes with them', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [QT5A_MEDIATOR] });
    // Stored before routing was validated (the import refuses it now): only mediators, and not mediable.
    setup.store.categories.set('theft', {
      ...(setup.store.categories.get('theft') as NonNullable<ReturnType<typeof setup.store.categories.get>>),
      roles: ['mediator'],
    });
    setup.store.add(report({ category: 'theft', urgency: 'high' }));

    await dispatchReport(setup.ports, ID);

    expect(recipients(setup)).toEqual([
      ['desk', 'duty_desk', false],
      ['UONG-BI-QT5A-HG', 'mediator', false],
    ]);
    expect(setup.store.report(ID)?.notifiedLevel).toBe('DESK');
  });

  it('texts the police when the report’s category is no longer in the table', async () => {
    const setup = dispatchSetup(NIGHT);
    setup.store.add(report({ category: 'removed_category' }));

    await dispatchReport(setup.ports, ID);

    expect(recipients(setup)).toEqual([['UONG-BI-CA2', 'police', false]]);
  });

  it('gives a category stored before routing existed its default: mediators and heads for a dispute, police informed', async () => {
    const setup = dispatchSetup(NIGHT);
    const noise = setup.store.categories.get('noise');
    if (noise) {
      delete noise.roles;
      delete noise.informed;
    }
    setup.store.add(report({ category: 'noise' }));

    await dispatchReport(setup.ports, ID);

    expect(recipients(setup)).toEqual([
      ['UONG-BI-QT5A-HG', 'mediator', false],
      ['UONG-BI-CA2', 'police', true],
    ]);
  });

  it('keeps the duty desk under the cap, and the informed last, when there are many to text', async () => {
    const cap = { ...PROVINCE, sms: { ...PROVINCE.sms, recipientsPerReport: 2 } };
    const police = [officer('P1'), officer('P2'), officer('P3')];
    const fire = dispatchSetup({ 'UONG-BI': police }, cap);
    fire.store.add(report({ category: 'fire_risk', urgency: 'high' }));
    const heads = [officer('H1', 'group_head'), officer('H2', 'group_head')];
    const dispute = dispatchSetup({ 'UONG-BI-QT5A': heads, 'UONG-BI': police }, cap);
    dispute.store.add(report({ category: 'neighbour_dispute' }));

    await dispatchReport(fire.ports, ID);
    await dispatchReport(dispute.ports, ID);

    expect(recipients(fire)).toEqual([
      ['P1', 'police', false],
      ['desk', 'duty_desk', false],
    ]);
    expect(recipients(dispute)).toEqual([
      ['H1', 'group_head', false],
      ['H2', 'group_head', false],
    ]);
  });
});

describe('routing by category: escalation', () => {
  it('takes a night theft from the ward police to the duty desk, never to a mediator on the way', async () => {
    const setup = dispatchSetup({
      ...NIGHT,
      QN: [officer('M1', 'mediator')],
    });
    setup.clock.set('2025-03-12T14:40:02.000Z');
    setup.store.add(report({ category: 'theft', urgency: 'high', createdAt: NIGHT_AT }));
    await dispatchReport(setup.ports, ID);

    setup.clock.advance(5);
    await escalateDue(setup.ports);

    expect(setup.sms.sent.map((m) => m.to)).toEqual(['+84900000041', PROVINCE.fallbackDutyPhone]);
    expect(setup.store.report(ID)).toMatchObject({ escalationTier: 1, notifiedLevel: 'DESK' });
  });

  it('texts no one twice: a fire risk whose desk was texted first ends with the police above', async () => {
    const setup = dispatchSetup({ ...DAY, QN: [officer('P1')] });
    setup.store.add(report({ category: 'fire_risk', urgency: 'high' }));
    await dispatchReport(setup.ports, ID);

    setup.clock.advance(5);
    await escalateDue(setup.ports);
    setup.clock.advance(5);
    await escalateDue(setup.ports);

    expect(setup.sms.sent.map((m) => m.to)).toEqual([
      '+84900000040',
      PROVINCE.fallbackDutyPhone,
      officer('P1').phone,
    ]);
    expect(setup.store.queueOf(ID)).toBeUndefined();
  });

  it('climbs past a place with only mediators for a category that is not mediable, texting them with the police above', async () => {
    const setup = dispatchSetup({
      'UONG-BI-QT5A': [officer('A1'), QT5A_MEDIATOR],
      'UONG-BI': [officer('M1', 'mediator')],
      QN: [officer('P1')],
    });
    // A province that routes thefts to the police and the mediators: valid, since the police take it.
    setup.store.categories.set('theft', {
      ...(setup.store.categories.get('theft') as NonNullable<ReturnType<typeof setup.store.categories.get>>),
      roles: ['police', 'mediator'],
    });
    setup.store.add(report({ category: 'theft' }));
    await dispatchReport(setup.ports, ID);

    setup.clock.advance(15);
    await escalateDue(setup.ports);

    expect(recipients(setup, 0)).toEqual([
      ['A1', 'police', false],
      ['UONG-BI-QT5A-HG', 'mediator', false],
    ]);
    // The ward has only a mediator: not enough for a theft, so the tier goes on to the province's police.
    expect(recipients(setup, 1)).toEqual([
      ['P1', 'police', false],
      ['M1', 'mediator', false],
    ]);
    expect(setup.store.report(ID)).toMatchObject({ escalationTier: 1, notifiedLevel: 'QN' });
  });

  it('texts the informed roles too once nobody took a dispute', async () => {
    const setup = dispatchSetup({
      'UONG-BI-QT5A': [QT5A_HEAD],
      QN: [officer('P1'), officer('V1', 'volunteer')],
    });
    setup.store.add(report({ category: 'neighbour_dispute' }));
    await dispatchReport(setup.ports, ID);

    setup.clock.advance(15);
    await escalateDue(setup.ports);

    // Tier 0: the head, and the police informed from the province (nobody in the ward).
    expect(recipients(setup, 0)).toEqual([
      ['UONG-BI-QT5A-TT', 'group_head', false],
      ['P1', 'police', true],
    ]);
    // Tier 1: P1 already knows; nobody else of the dispute's roles: the duty desk.
    expect(recipients(setup, 1)).toEqual([['desk', 'duty_desk', false]]);
  });
});
