import { describe, expect, it } from 'vitest';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
import type { Report } from '../../functions/reports/report';
import { SmsError } from '../../functions/shared/sms';
import { countingAcknowledge, countingReportWriter } from '../../functions/stats/recorder';
import { tallies } from '../../functions/stats/tally';
import { dispatchSetup, officer, report } from './dispatch-fakes';
import { MemoryReports } from './reports-fakes';

const ID = 'r000000000000001';

/** What the write paths told the figures, in order. */
function recordingStats() {
  const seen: string[] = [];
  const note = (event: string) => async (r: Pick<Report, 'id'>, extra?: string) => {
    seen.push([event, r.id, extra].filter(Boolean).join(' '));
  };
  return {
    seen,
    stored: note('stored'),
    acknowledged: note('acknowledged'),
    mediated: note('mediated'),
    smsSent: note('sms'),
    escalated: note('escalated'),
  };
}

describe('the dispatcher tells the figures', () => {
  it('of each SMS it handed over, not of one that failed, and never again when it runs again', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1'), officer('A2'), officer('A3')] });
    const stats = recordingStats();
    setup.ports.stats = stats;
    setup.sms.fail = (_call, message) =>
      message.to === '+84900000102' ? new SmsError('opted_out', false) : undefined;
    setup.store.add(report());

    await dispatchReport(setup.ports, ID);
    await dispatchReport(setup.ports, ID);

    expect(stats.seen).toEqual([`sms ${ID}`, `sms ${ID}`]);
  });

  it('of a report escalated, once, however many tiers it climbs', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')], 'UONG-BI': [officer('W1')] });
    const stats = recordingStats();
    setup.ports.stats = stats;
    setup.store.add(report());
    await dispatchReport(setup.ports, ID);

    setup.clock.set('2025-03-12T07:15:02.000Z');
    await escalateDue(setup.ports);
    setup.clock.advance(15);
    await escalateDue(setup.ports);

    // Tier 0 to the group, tier 1 to the ward, tier 2 to the desk: three SMS, one escalated report.
    expect(stats.seen).toEqual([`sms ${ID}`, `sms ${ID}`, 'escalated r000000000000001', `sms ${ID}`]);
  });
});

describe('countingReportWriter', () => {
  it('counts a report when its write creates it, not when a replay finds it stored', async () => {
    const stats = recordingStats();
    const writer = countingReportWriter(new MemoryReports(), stats);

    const answers = [await writer.putReport(report()), await writer.putReport(report())];

    expect({ answers, seen: stats.seen }).toEqual({ answers: ['created', 'exists'], seen: [`stored ${ID}`] });
  });
});

describe('countingAcknowledge', () => {
  it('counts the first acknowledgement with its time, and none of the later ones', async () => {
    const acknowledged: string[] = [];
    let first = true;
    const ack = countingAcknowledge(
      async () => {
        const answer = { first, role: 'police' };
        first = false;
        return answer;
      },
      async () => report(),
      {
        acknowledged: async (r, at) => {
          acknowledged.push(`${r.id} ${at}`);
        },
      },
    );

    await ack(ID, { role: 'police' }, '2025-03-12T07:04:10.000Z');
    await ack(ID, { role: 'police' }, '2025-03-12T07:09:00.000Z');

    expect(acknowledged).toEqual([`${ID} 2025-03-12T07:04:10.000Z`]);
  });
});

describe('tallies', () => {
  it('counts a duplicate apart from incidents, and an acknowledgement in its minute bucket', () => {
    expect([
      tallies.stored(report()),
      tallies.stored(report({ duplicateOf: 'r0000000000000xx' })),
      tallies.acknowledged(report(), '2025-03-12T07:04:10.000Z'),
      tallies.mediated(report({ category: 'noise' }), 'failed'),
    ]).toEqual([
      { own: { 'in#theft': 1 }, child: true },
      { own: { dup: 1 }, child: false },
      { 'ack#4': 1 },
      { 'med#noise#failed': 1 },
    ]);
  });
});
