import { describe, expect, it } from 'vitest';
import { acknowledge } from '../../functions/ack/acknowledge';
import { type SummaryPorts, showSummary } from '../../functions/ack/summary';
import type { Summary, TierPlan } from '../../functions/dispatch/model';
import { newSummaryId, signAckToken, signSummaryToken, verifyAckToken } from '../../functions/dispatch/token';
import type { Report } from '../../functions/reports/model';
import { NotFound } from '../../functions/shared/errors';
import { report } from './dispatch-fakes';
import { fixedSecrets, mutableClock } from './reports-fakes';

const SENT = new Date('2025-03-12T07:01:00.000Z');
const plan: TierPlan = {
  tier: 0,
  level: 'UONG-BI-QT5A',
  at: '2025-03-12T07:00:02.000Z',
  recipients: [{ key: 'A1', to: '+84900000101', role: 'group_head', officerId: 'A1' }],
};

function setup() {
  const reports = new Map<string, Report>(
    ['r000000000000001', 'r000000000000002', 'r000000000000003'].map((id, i) => [
      id,
      report({ id, createdAt: `2025-03-12T07:00:${String(i * 10).padStart(2, '0')}.000Z` }),
    ]),
  );
  const summary: Summary = {
    id: newSummaryId(),
    key: 'A1',
    sentAt: SENT.toISOString(),
    // The third report is no longer there (its write was undone): the page lists the others.
    reports: ['r000000000000001', 'r000000000000002', 'r00000000000000x'].map((reportId) => ({
      reportId,
      tier: 0,
      index: 0,
    })),
  };
  const secrets = fixedSecrets();
  const clock = mutableClock('2025-03-12T07:05:00.000Z');
  const ports: SummaryPorts = {
    secrets,
    clock,
    reports: { getReport: async (id) => structuredClone(reports.get(id)) },
    summaries: { getSummary: async (id) => (id === summary.id ? structuredClone(summary) : undefined) },
  };
  const token = async () => signSummaryToken(await secrets.key('ack-token'), summary.id, SENT);
  return { ports, reports, summary, clock, token, secrets };
}

describe('showSummary', () => {
  it("lists the summary's reports, oldest first, each with its own acknowledge link, and changes nothing", async () => {
    const { ports, reports, token, secrets } = setup();
    const before = structuredClone([...reports]);

    const view = await showSummary(await token(), ports);

    expect(view.reports.map((r) => [r.time, r.acknowledged])).toEqual([
      ['2025-03-12T07:00:00.000Z', false],
      ['2025-03-12T07:00:10.000Z', false],
    ]);
    const key = await secrets.key('ack-token');
    expect(view.reports.map((r) => verifyAckToken(key, r.ack.slice('/api/ack/'.length), SENT))).toEqual([
      { reportId: 'r000000000000001', tier: 0, index: 0 },
      { reportId: 'r000000000000002', tier: 0, index: 0 },
    ]);
    expect([...reports]).toEqual(before);
  });

  it('lets each listed report be acknowledged by its own link, as the officer the summary went to', async () => {
    const { ports, reports, token } = setup();
    const view = await showSummary(await token(), ports);
    const ackPorts = {
      ...ports,
      tiers: { getTier: async () => plan },
      playbooks: { getPlaybook: async () => undefined },
      reports: {
        ...ports.reports,
        acknowledge: async (id: string, by: { role: string; officerId?: string }, at: string) => {
          const found = reports.get(id) as Report;
          Object.assign(found, { acknowledgedAt: at, acknowledgedBy: by, status: 'acknowledged' });
          return { first: true, role: by.role };
        },
      },
    };

    const answers = [];
    for (const item of view.reports)
      answers.push(await acknowledge(item.ack.slice('/api/ack/'.length), ackPorts));

    expect(answers).toEqual([
      { status: 'acknowledged', id: 'r000000000000001', by: 'group_head', first: true, byYou: true },
      { status: 'acknowledged', id: 'r000000000000002', by: 'group_head', first: true, byYou: true },
    ]);
    expect((await showSummary(await token(), ports)).reports.map((r) => r.by)).toEqual([
      'group_head',
      'group_head',
    ]);
  });

  it('answers 404 to a forged or expired summary link, and to an acknowledge token passed as one', async () => {
    const { ports, token, clock, secrets } = setup();
    const good = await token();
    const forged = `${good.slice(0, 3)}${good[3] === 'A' ? 'B' : 'A'}${good.slice(4)}`;
    const ackToken = signAckToken(
      await secrets.key('ack-token'),
      { reportId: 'r000000000000001', tier: 0, index: 0 },
      SENT,
    );
    const outcomes = [];
    for (const t of [forged, ackToken, 'x'.repeat(26), ''])
      outcomes.push(await showSummary(t, ports).catch((e) => e));
    clock.set('2025-03-15T08:00:00.000Z');
    outcomes.push(await showSummary(good, ports).catch((e) => e));

    expect(outcomes.map((o) => o instanceof NotFound)).toEqual([true, true, true, true, true]);
  });
});
