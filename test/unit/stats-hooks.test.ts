import { describe, expect, it } from 'vitest';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
import type { Report } from '../../functions/reports/model';
import { SmsError } from '../../functions/sms/model';
import { countsByPlace, tallies } from '../../functions/stats/model';
import { countingAcknowledge } from '../../functions/stats/store';
import { dispatchSetup, officer, report } from './dispatch-fakes';

const ID = 'r000000000000001';

/** What the write paths told the figures, in order. */
function recordingStats() {
  const seen: string[] = [];
  const note =
    (event: string) =>
    async (r: Pick<Report, 'id'>, ...extra: (string | number)[]) => {
      seen.push([event, r.id, ...extra].join(' '));
    };
  return {
    seen,
    dispatched: note('dispatched'),
    acknowledged: note('acknowledged'),
    mediated: note('mediated'),
    escalated: note('escalated'),
  };
}

describe('the dispatcher tells the figures', () => {
  it('of a report dispatched, once, with the SMS it handed over (not one that failed), not again when it runs again', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1'), officer('A2'), officer('A3')] });
    const stats = recordingStats();
    setup.ports.stats = stats;
    setup.sms.fail = (_call, message) =>
      message.to === '+84900000102' ? new SmsError('opted_out', false) : undefined;
    setup.store.add(report());

    await dispatchReport(setup.ports, ID);
    await dispatchReport(setup.ports, ID);

    expect(stats.seen).toEqual([`dispatched ${ID} 2`]);
  });

  it('not by a run that read the report as waiting but found it taken out of the queue by another', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    const stats = recordingStats();
    setup.ports.stats = stats;
    setup.store.add(report());
    const waiting = structuredClone(setup.store.report(ID));
    const read = setup.store.getReport.bind(setup.store);

    await dispatchReport(setup.ports, ID);
    setup.store.getReport = async (id) => (id === ID ? structuredClone(waiting) : read(id));
    const second = await dispatchReport(setup.ports, ID);

    expect({ second, seen: stats.seen, sent: setup.sms.sent.length }).toEqual({
      second: true,
      seen: [`dispatched ${ID} 1`],
      sent: 1,
    });
  });

  it('of a duplicate, once, with no SMS', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    const stats = recordingStats();
    setup.ports.stats = stats;
    setup.store.add(report({ id: 'r000000000000000' }));
    setup.store.add(report({ duplicateOf: 'r000000000000000' }));

    await dispatchReport(setup.ports, ID);
    await dispatchReport(setup.ports, ID);

    expect(stats.seen).toEqual([`dispatched ${ID} 0`]);
  });

  it('of each tier of escalation reached, with its SMS', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')], 'UONG-BI': [officer('W1')] });
    const stats = recordingStats();
    setup.ports.stats = stats;
    setup.store.add(report());
    await dispatchReport(setup.ports, ID);

    setup.clock.set('2025-03-12T07:15:02.000Z');
    await escalateDue(setup.ports);
    setup.clock.advance(15);
    await escalateDue(setup.ports);
    setup.clock.advance(60);
    await escalateDue(setup.ports);

    // Tier 0 to the group, tier 1 to the ward, tier 2 to the desk, then nobody is left.
    expect(stats.seen).toEqual([`dispatched ${ID} 1`, `escalated ${ID} 1 1`, `escalated ${ID} 2 1`]);
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

  it("counts a dispatch's SMS with its arrival, and a report escalated at its first tier only", () => {
    expect([
      tallies.dispatched(report(), 2),
      tallies.dispatched(report({ duplicateOf: 'r0000000000000xx' }), 0),
      tallies.escalatedTo(1, 1),
      tallies.escalatedTo(2, 0),
    ]).toEqual([
      { own: { 'in#theft': 1, sms: 2 }, child: true },
      { own: { dup: 1 }, child: false },
      { esc: 1, sms: 1 },
      {},
    ]);
  });
});

describe('countsByPlace', () => {
  it('adds the tally in every place from the province down, and the child incident on the ancestors', () => {
    const places = { area: 'UONG-BI-QT5A', ancestors: ['QN', 'UONG-BI'] };

    expect(countsByPlace(places, { 'in#theft': 1 }, { child: true })).toEqual([
      { area: 'QN', tally: { 'in#theft': 1, 'ch#UONG-BI': 1 } },
      { area: 'UONG-BI', tally: { 'in#theft': 1, 'ch#UONG-BI-QT5A': 1 } },
      { area: 'UONG-BI-QT5A', tally: { 'in#theft': 1 } },
    ]);
    expect(countsByPlace(places, { dup: 1 })).toEqual([
      { area: 'QN', tally: { dup: 1 } },
      { area: 'UONG-BI', tally: { dup: 1 } },
      { area: 'UONG-BI-QT5A', tally: { dup: 1 } },
    ]);
  });
});
