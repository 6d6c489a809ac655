import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CoalesceOptions, coalescing } from '../shared/coalesce';
import type { Store } from '../shared/store/client';
import { putNew } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import type { SolutionLedger } from './challenge';
import type { FloodAlert } from './model';

/**
 * What abuse/ keeps in the table:
 * - spent solution:  pk ALTCHA#<sha256 of the challenge>  sk SPENT   kept until the challenge expires
 * - intake rate:     pk RATE#<area>  sk MIN#<UTC minute YYYY-MM-DDTHH:MM>
 *                    { area, n, threshold }: the reports of the place (and of every place under it)
 *                    that arrived in that minute, and the flood threshold the counter last saw
 * - flood alert:     pk ALERTS#<local date>  sk FLOOD#<area>   FloodAlert (model.ts), for the console
 * Rate items are read by the minute range of a window, so that old ones (the TTL may remove them
 * after two days, or never) change nothing.
 */
const rateKeys = {
  partition: (area: string) => `RATE#${area}`,
  minute: (area: string, minute: string) => ({ pk: `RATE#${area}`, sk: `MIN#${minute}` }),
};

/** Rate items outlive their window by this much; nothing depends on their going. */
const RATE_KEEP_SECONDS = 2 * 86_400;

/** Spent solutions: pk ALTCHA#<sha256 of the challenge>, kept until the challenge expires. */
export function dynamoSolutionLedger(store: Store): SolutionLedger {
  return {
    spend: async (challenge, expiresAt) => {
      const digest = createHash('sha256').update(challenge).digest('base64url');
      const spent = await putNew(store, {
        pk: `ALTCHA#${digest}`,
        sk: 'SPENT',
        type: 'altcha',
        expiresAt: Math.ceil(expiresAt.getTime() / 1000),
      });
      return spent === 'created';
    },
  };
}

/** One minute of a place's reports. */
export interface RateBucket {
  minute: string;
  n: number;
  /** The flood threshold for the place's window, as the counter computed it. */
  threshold: number;
}

export interface IntakeRates {
  /**
   * Adds one report to a place's minute and returns the minute's count with it (reports counted in
   * this process and every other). Concurrent counts of one minute share one UpdateItem.
   */
  count(area: string, minute: string, threshold: number): Promise<number>;
  /** The place's minutes from `fromMinute` (included) to `toMinute` (included), oldest first. */
  between(area: string, fromMinute: string, toMinute: string): Promise<RateBucket[]>;
}

/**
 * The shared count of reports per place and minute: the dispatcher counts each report once (in every
 * place from the province down), and the challenge and the guard read a window of it. Each place's
 * minute is one item updated with ADD (no read, no lost count); the counts that arrive while its update
 * is in flight are summed into the next one (shared/coalesce.ts), so a busy minute costs one write per
 * round trip, off the intake path. Make it once per process.
 */
export function intakeRates(store: Store, options: CoalesceOptions = {}): IntakeRates {
  const add = coalescing<{ area: string; minute: string; threshold: number }, number>(
    async (_key, inputs) => {
      const first = inputs[0];
      if (!first) return [];
      const threshold = Math.max(...inputs.map((i) => i.threshold));
      const expiresAt = Math.ceil(Date.parse(`${first.minute}:00.000Z`) / 1000) + RATE_KEEP_SECONDS;
      const out = await store.doc.send(
        new UpdateCommand({
          TableName: store.table,
          Key: rateKeys.minute(first.area, first.minute),
          UpdateExpression:
            'SET #type = :type, #area = :area, #threshold = :threshold, #expiresAt = :expiresAt ADD #n :n',
          ExpressionAttributeNames: {
            '#type': 'type',
            '#area': 'area',
            '#threshold': 'threshold',
            '#expiresAt': 'expiresAt',
            '#n': 'n',
          },
          ExpressionAttributeValues: {
            ':type': 'intakeRate',
            ':area': first.area,
            ':threshold': threshold,
            ':expiresAt': expiresAt,
            ':n': inputs.length,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const n = Number(out.Attributes?.n ?? inputs.length);
      return inputs.map(() => ({ ok: true, value: n }));
    },
    options,
  );
  return {
    count: (area, minute, threshold) => add(`${area}\n${minute}`, { area, minute, threshold }),
    ...rateWindows(store),
  };
}

/** The read side of the rates alone (the challenge and the intake guard never count). */
export function rateWindows(store: Store): Pick<IntakeRates, 'between'> {
  return {
    between: async (area, fromMinute, toMinute) => {
      const items = await queryAll(store, {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': rateKeys.partition(area),
          ':from': `MIN#${fromMinute}`,
          ':to': `MIN#${toMinute}`,
        },
      });
      return items.map((item) => ({
        minute: String(item.sk).slice('MIN#'.length),
        n: Number(item.n ?? 0),
        threshold: Number(item.threshold ?? 0),
      }));
    },
  };
}

/** The flood alerts of a local day, as the console reads them (the figures page lists them). */
const floodAlertKey = (day: string, area: string) => ({ pk: `ALERTS#${day}`, sk: `FLOOD#${area}` });

/** Keeps a flood alert for the console; written once per place and day, by the alert's one sender. */
export function floodAlerts(store: Store): { record(day: string, alert: FloodAlert): Promise<void> } {
  return {
    record: async (day, alert) => {
      await putNew(store, { ...floodAlertKey(day, alert.area), ...alert });
    },
  };
}

/** The flood alerts of one local day, by place (the figures page lists them): one Query. */
export async function floodAlertsOn(store: Store, day: string): Promise<FloodAlert[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :flood)',
    ExpressionAttributeValues: { ':pk': floodAlertKey(day, '').pk, ':flood': 'FLOOD#' },
  });
  return items.map((item) => ({
    type: 'floodAlert',
    area: item.area as string,
    areaName: item.areaName as string,
    count: Number(item.count),
    windowMinutes: Number(item.windowMinutes),
    normal: Number(item.normal),
    at: item.at as string,
  }));
}
