import { describe, expect, it } from 'vitest';
import { type AckPorts, acknowledge, showAck } from '../../functions/ack/acknowledge';
import type { TierPlan } from '../../functions/dispatch/model';
import { signAckToken } from '../../functions/dispatch/token';
import type { Report } from '../../functions/reports/model';
import { NotFound } from '../../functions/shared/errors';
import { report } from './dispatch-fakes';
import { fixedSecrets, mutableClock } from './reports-fakes';

const ID = 'r000000000000001';
const plan: TierPlan = {
  tier: 0,
  level: 'UONG-BI-QT5A',
  at: '2025-03-12T07:00:02.000Z',
  recipients: [
    { key: 'A1', to: '+84900000101', role: 'group_head', officerId: 'A1' },
    { key: 'A2', to: '+84900000102', role: 'police', officerId: 'A2' },
  ],
};

function setup() {
  const reports = new Map<string, Report>([[ID, report()]]);
  const secrets = fixedSecrets();
  const clock = mutableClock('2025-03-12T07:03:00.000Z');
  const ports: AckPorts = {
    secrets,
    clock,
    reports: {
      getReport: async (id) => structuredClone(reports.get(id)),
      acknowledge: async (id, by, at) => {
        const found = reports.get(id);
        if (!found) return undefined;
        if (found.acknowledgedAt) return { first: false, role: found.acknowledgedBy?.role ?? 'officer' };
        Object.assign(found, { acknowledgedAt: at, acknowledgedBy: by, status: 'acknowledged' });
        return { first: true, role: by.role };
      },
    },
    tiers: { getTier: async (id, tier) => (id === ID && tier === 0 ? plan : undefined) },
    playbooks: { getPlaybook: async () => undefined },
  };
  const token = async (index: number, reportId = ID) =>
    signAckToken(
      await secrets.key('ack-token'),
      { reportId, tier: 0, index },
      new Date('2025-03-12T07:00:02.000Z'),
    );
  return { ports, reports, clock, token };
}

describe('showAck', () => {
  it('shows category, place and time, and changes nothing', async () => {
    const { ports, reports, token } = setup();

    const view = await showAck(await token(0), ports);

    expect(view).toEqual({
      id: ID,
      category: { code: 'theft', label: { vi: 'Trộm cắp tài sản', en: 'Theft' } },
      area: 'UONG-BI-QT5A',
      place: 'Khu Quang Trung 5A, Uông Bí',
      time: '2025-03-12T07:00:00.000Z',
      acknowledged: false,
    });
    expect(reports.get(ID)?.acknowledgedAt).toBeUndefined();
  });
});

describe('acknowledge', () => {
  it('lets the first officer take the report, with their role, and tells the next who was first', async () => {
    const { ports, reports, token } = setup();

    const first = await acknowledge(await token(0), ports);
    const second = await acknowledge(await token(1), ports);

    expect([first, second]).toEqual([
      { status: 'acknowledged', id: ID, by: 'group_head', first: true, byYou: true },
      { status: 'acknowledged', id: ID, by: 'group_head', first: false, byYou: false },
    ]);
    expect(reports.get(ID)).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: '2025-03-12T07:03:00.000Z',
      acknowledgedBy: { role: 'group_head', officerId: 'A1' },
    });
    expect(await showAck(await token(1), ports)).toMatchObject({
      acknowledged: true,
      by: 'group_head',
      byYou: false,
    });
  });

  it('tells the officer who took it that it is theirs, on a second tap and on opening the link again', async () => {
    const { ports, reports, token } = setup();

    await acknowledge(await token(1), ports);
    const again = await acknowledge(await token(1), ports);
    const opened = await showAck(await token(1), ports);

    expect(again).toEqual({ status: 'acknowledged', id: ID, by: 'police', first: false, byYou: true });
    expect(opened).toMatchObject({ acknowledged: true, by: 'police', byYou: true });
    expect(reports.get(ID)).toMatchObject({
      acknowledgedAt: '2025-03-12T07:03:00.000Z',
      acknowledgedBy: { role: 'police', officerId: 'A2' },
    });
  });

  it('answers 404 to a forged, expired or unknown link, and to a recipient the tier does not have', async () => {
    const { ports, clock, token } = setup();
    const valid = await token(0);
    const forged = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    const attempts = [forged, 'nonsense', await token(5), await token(0, 'r00000000000000x')];

    const outcomes = await Promise.all(attempts.map((t) => acknowledge(t, ports).catch((e: unknown) => e)));
    clock.set('2025-03-15T08:00:00.000Z');
    const expired = await showAck(valid, ports).catch((e: unknown) => e);

    for (const outcome of [...outcomes, expired]) {
      expect(outcome).toBeInstanceOf(NotFound);
      expect((outcome as NotFound).messageKey).toBe('error.ack_link_invalid');
    }
  });
});
