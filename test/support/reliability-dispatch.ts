import { deps } from '../../functions/dispatch/deps';
import type { Alerts } from '../../functions/sms/alerts';
import type { Sms, SmsMessage } from '../../functions/sms/model';
import type { Item } from './reliability-store';

/** What dispatch/deps.ts makes: the ports of the dispatcher and of the escalation sweep. */
export type DispatchDeps = ReturnType<typeof deps>;

/**
 * The dispatcher exactly as the stream handler and the local worker wire it (dispatch/deps.ts: the
 * handlers' store, clock, secret and counters), but with the SMS and alert ports given (a recording
 * sender, or the real SNS adapter on a mocked SNS client), no real waiting between retries, and no
 * phone's throttle in reach unless the test's own province sets one.
 */
export function dispatchPortsWith(ports: { sms: Sms; alerts: Alerts } & Partial<DispatchDeps>): DispatchDeps {
  const made = deps();
  // These tests text the same few phones again and again: no phone's throttle holds any of it back
  // (a test of the throttle passes a province of its own).
  const province = {
    ...made.province,
    sms: { ...made.province.sms, throttle: { perMinute: 1_000, per15Minutes: 1_000, perHour: 1_000 } },
  };
  return { ...made, province, sleep: async () => undefined, ...ports };
}

/** The token of the acknowledge link an SMS carries. */
export function ackTokenOf(message: Pick<SmsMessage, 'body'>): string {
  const token = /\/api\/ack\/([A-Za-z0-9_-]+)/.exec(message.body)?.[1];
  if (!token) throw new Error('an SMS without an acknowledge link');
  return token;
}

/** (report, phone) → how many SMS went out; every value must be 1. */
export function sendsPerRecipient(
  messages: readonly { reportId?: string; to: string }[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const key = `${m.reportId} → ${m.to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export const reportItems = (items: Iterable<Item>): Item[] =>
  [...items].filter((i) => i.type === 'report' && i.sk === 'REPORT');

export const FINAL_NOTIFY_STATES = ['sent', 'partial', 'failed', 'capped', 'duplicate'] as const;

/** A report the dispatcher has finished with: a final state, out of the dispatch queue. */
export function isSettled(report: Item): boolean {
  return (
    (FINAL_NOTIFY_STATES as readonly unknown[]).includes(report.notifyStatus) && report.gsi2pk !== 'DISPATCH'
  );
}
