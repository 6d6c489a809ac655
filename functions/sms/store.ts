import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CoalesceOptions, coalescing, type Outcome } from '../shared/coalesce';
import type { Store } from '../shared/store/client';
import { conditionHolds, putNew } from '../shared/store/conditions';
import { type Reservation, type SmsAsk, type SmsBudget, type Throttle, throttleWindows } from './model';

/**
 * What sms/ keeps in the table:
 * - SMS counter:   pk SMSDAY#<local date>  sk COUNT      the province's day: `sent` in all and `c#<commune>`
 *                                                        per commune or ward; counts only ever grow
 * - alert marker:  pk ALERT#<what>         sk ALERT      an admin alert goes out once
 * - a phone:       pk SMSTO#<recipient>    sk THROTTLE   one officer's (or the desk's) throttle: `times`,
 *                  its last SMS (ms, newest first); `hh`/`hn`, the entries held for it (high urgency /
 *                  other); while anything is held, gsi2 SMSHELD / <due>#<recipient> (the sweep's queue)
 */
export const smsDayKey = (day: string) => ({ pk: `SMSDAY#${day}`, sk: 'COUNT' });
const alertMarkerKey = (marker: string) => ({ pk: `ALERT#${marker}`, sk: 'ALERT' });
const recipientKey = (key: string) => ({ pk: `SMSTO#${key}`, sk: 'THROTTLE' });
/** The sweep's queue of phones with SMS held for them, in gsi2. */
const HELD_QUEUE = 'SMSHELD';
const COMMUNE_PREFIX = 'c#';

/**
 * Takes one SMS from the province's budget for a local day (`ask` by default: a normal SMS of no
 * particular commune).
 */
export type ReserveSms = (day: string, budget: SmsBudget, ask?: SmsAsk) => Promise<Reservation>;

/** True for the one call that set the marker: an admin alert goes out once. */
export type MarkOnce = (marker: string, at: string) => Promise<boolean>;

type Ask = SmsAsk & { day: string; budget: SmsBudget };

/** What a process has learnt is refused for the rest of a day: counts never go down. */
interface Refused {
  cap: boolean;
  reserve: boolean;
  communes: Set<string>;
}

function refusalOf(known: Refused, ask: SmsAsk): 'cap' | 'reserve' | 'share' | undefined {
  if (known.cap) return 'cap';
  if (ask.priority) return undefined;
  if (known.reserve) return 'reserve';
  if (ask.commune && known.communes.has(ask.commune)) return 'share';
  return undefined;
}

/**
 * The daily SMS budget for a process: `reserve(day, budget, ask)` grants one SMS, never more than
 * `budget.cap` a day in all, never a normal one past `normalLimit` (the rest is the reserve of
 * high-urgency reports, whoever they go to), and never a normal one of a commune that has spent its
 * `communeLimit`. Every SMS of the province takes from the one counter item, and a store writes one
 * item's updates one after another (measured on dynalite under 20 submitters: 181 ms a reservation on
 * average), so the reservations that arrive while one is in flight are merged into the next single
 * UpdateItem: `ADD sent :n, c#<commune> :k…` guarded by `sent <= cap - n`, by `sent <= normalLimit -
 * (normal ones)` when any is normal, and by `c#<commune> <= communeLimit - (its normal ones)` for each
 * commune with normal ones — the normal ones counted first, so priority ones may take what is left
 * after them. All n granted, or none and nothing added. When that guard fails the day is nearly
 * spent, and the n are tried one at a time, so that exactly the limits go out. A single refusal is
 * followed by one read of the counter to learn which limit refused it; the process then refuses
 * what that limit covers for the rest of the day without a write.
 *
 * A reservation whose write fails is not granted (the caller gets the error); if the write landed
 * anyway (its answer lost), the day counts SMS that never went: fewer than the limits may go, never
 * more. Make one per process: only the reservations of one reserver are merged.
 */
export function smsCapReserver(db: Store, options: CoalesceOptions = {}): ReserveSms {
  const learnt = new Map<string, Refused>();
  const knownFor = (key: string): Refused => {
    let known = learnt.get(key);
    if (!known) {
      if (learnt.size >= 64) learnt.clear();
      known = { cap: false, reserve: false, communes: new Set() };
      learnt.set(key, known);
    }
    return known;
  };

  /** All of `asks` or none; the day's count once they are taken, undefined when a limit refused them. */
  const take = async (
    day: string,
    budget: SmsBudget,
    asks: readonly SmsAsk[],
  ): Promise<number | undefined> => {
    const n = asks.length;
    const normal = asks.filter((a) => !a.priority).length;
    const communes = new Map<string, { all: number; normal: number }>();
    for (const ask of asks) {
      if (!ask.commune) continue;
      const counted = communes.get(ask.commune) ?? { all: 0, normal: 0 };
      counted.all++;
      if (!ask.priority) counted.normal++;
      communes.set(ask.commune, counted);
    }
    if (n > budget.cap || normal > budget.normalLimit) return undefined;
    for (const counted of communes.values()) if (counted.normal > budget.communeLimit) return undefined;

    const names: Record<string, string> = { '#sent': 'sent', '#type': 'type', '#day': 'day' };
    const values: Record<string, unknown> = {
      ':n': n,
      ':most': budget.cap - n,
      ':type': 'smsDay',
      ':day': day,
    };
    const guards = ['#sent <= :most'];
    if (normal > 0) {
      values[':mostNormal'] = budget.normalLimit - normal;
      guards.push('#sent <= :mostNormal');
    }
    const adds = ['#sent :n'];
    [...communes].forEach(([code, counted], j) => {
      names[`#c${j}`] = `${COMMUNE_PREFIX}${code}`;
      values[`:c${j}`] = counted.all;
      adds.push(`#c${j} :c${j}`);
      if (counted.normal > 0) {
        values[`:m${j}`] = budget.communeLimit - counted.normal;
        guards.push(`(attribute_not_exists(#c${j}) OR #c${j} <= :m${j})`);
      }
    });
    let spent: number | undefined;
    const applied = await conditionHolds(async () => {
      const out = await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: smsDayKey(day),
          UpdateExpression: `SET #type = :type, #day = :day ADD ${adds.join(', ')}`,
          ConditionExpression: `attribute_not_exists(#sent) OR (${guards.join(' AND ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      spent = Number(out.Attributes?.sent);
    });
    return applied ? spent : undefined;
  };

  /** Which limit refused a single SMS: one read of the counter; what it shows holds for the rest of the day. */
  const learn = async (day: string, budget: SmsBudget, ask: SmsAsk, known: Refused) => {
    const state = await smsDayState(db, day);
    if (state.spent >= budget.cap) {
      known.cap = true;
      return 'cap' as const;
    }
    if (!ask.priority && state.spent >= budget.normalLimit) {
      known.reserve = true;
      return 'reserve' as const;
    }
    if (!ask.priority && ask.commune && (state.communes[ask.commune] ?? 0) >= budget.communeLimit) {
      known.communes.add(ask.commune);
      return 'share' as const;
    }
    return 'cap' as const;
  };

  const reserve = coalescing<Ask, Reservation>(async (key, inputs) => {
    const first = inputs[0];
    if (!first) return [];
    const { day, budget } = first;
    const known = knownFor(key);
    const refused = (reason: 'cap' | 'reserve' | 'share'): Outcome<Reservation> => ({
      ok: true,
      value: { granted: false, reason },
    });
    const granted = (spent: number): Outcome<Reservation> => ({ ok: true, value: { granted: true, spent } });
    const outcomes: Outcome<Reservation>[] = inputs.map(() => refused('cap'));
    const open: number[] = [];
    inputs.forEach((ask, i) => {
      const reason = refusalOf(known, ask);
      if (reason) outcomes[i] = refused(reason);
      else open.push(i);
    });
    // Normal SMS first: the reserve and the shares guard them; priority SMS take what is left after them.
    open.sort((a, b) => Number(inputs[a]?.priority) - Number(inputs[b]?.priority) || a - b);
    if (open.length > 1) {
      const spent = await take(
        day,
        budget,
        open.map((i) => inputs[i] as Ask),
      );
      if (spent !== undefined) {
        open.forEach((i, j) => {
          outcomes[i] = granted(spent - open.length + j + 1);
        });
        return outcomes;
      }
    }
    for (const i of open) {
      const ask = inputs[i] as Ask;
      const reason = refusalOf(known, ask);
      if (reason) {
        outcomes[i] = refused(reason);
        continue;
      }
      try {
        const spent = await take(day, budget, [ask]);
        outcomes[i] = spent !== undefined ? granted(spent) : refused(await learn(day, budget, ask, known));
      } catch (error) {
        outcomes[i] = { ok: false, error };
      }
    }
    return outcomes;
  }, options);

  return (day, budget, ask = { priority: false }) =>
    reserve(`${day}#${budget.cap}#${budget.normalLimit}#${budget.communeLimit}`, { ...ask, day, budget });
}

/** The day's SMS so far: in all, and by commune or ward (for the figures, and to learn a refusal). */
export async function smsDayState(
  db: Store,
  day: string,
): Promise<{ spent: number; communes: Record<string, number> }> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: smsDayKey(day), ConsistentRead: true }),
  );
  const communes: Record<string, number> = {};
  for (const [name, value] of Object.entries(out.Item ?? {}))
    if (name.startsWith(COMMUNE_PREFIX) && typeof value === 'number')
      communes[name.slice(COMMUNE_PREFIX.length)] = value;
  return { spent: Number(out.Item?.sent ?? 0), communes };
}

/**
 * The admin alerts' once-only markers for a process. Markers are never taken back: one known to be
 * set needs no write to be refused again (a day past its cap would otherwise write once per capped SMS).
 */
export function alertMarkers(db: Store): MarkOnce {
  const known = new Set<string>();
  return async (marker, at) => {
    if (known.has(marker)) return false;
    const first = (await putNew(db, { ...alertMarkerKey(marker), type: 'alertMarker', at })) === 'created';
    if (known.size >= 1000) known.clear();
    known.add(marker);
    return first;
  };
}

/** One phone's throttle and what is held for it, as the sweep reads them. */
export interface RecipientState {
  key: string;
  to?: string;
  role?: string;
  /** When it was last texted (ms), newest first. */
  times: number[];
  /** Entries held for it, in their sort order: high urgency, then the others. */
  urgent: string[];
  other: string[];
}

const setOf = (value: unknown): string[] =>
  value instanceof Set ? [...(value as Set<string>)].sort() : Array.isArray(value) ? [...value].sort() : [];

/**
 * The per-phone throttle, across processes, with conditional writes only. A phone's item keeps the
 * times of its latest SMS, newest first; one more may go when, for each sliding window of the
 * province's throttle (a minute, 15 minutes, an hour), the limit-th newest has left the window — a
 * condition on one list element per window, so taking a slot is one UpdateItem and no read. SMS that
 * may not go now are held in the item's sets (`hh` high urgency, `hn` the others; ADD is idempotent
 * and needs no read either), and the item enters the sweep's queue (gsi2 SMSHELD) until they are out.
 */
export function smsThrottle(db: Store) {
  const table = db.table;
  return {
    /**
     * Takes a slot for one SMS to `key` at `now`: true when it may go. A new SMS (`fromHeld` false)
     * also waits behind what is held for the phone: a normal one behind anything held, a high-urgency
     * one behind held high-urgency ones. The sweep, sending what was held, passes `fromHeld`.
     */
    async take(
      key: string,
      request: { now: Date; throttle: Throttle; urgent: boolean; fromHeld: boolean },
    ): Promise<boolean> {
      const now = request.now.getTime();
      const names: Record<string, string> = { '#t': 'times', '#type': 'type', '#key': 'key' };
      const values: Record<string, unknown> = {
        ':now': [now],
        ':none': [],
        ':type': 'smsRecipient',
        ':key': key,
      };
      const guards = throttleWindows(request.throttle).map(({ ms, limit }, j) => {
        values[`:w${j}`] = now - ms;
        return `(attribute_not_exists(#t[${limit - 1}]) OR #t[${limit - 1}] <= :w${j})`;
      });
      if (!request.fromHeld) {
        names['#hh'] = 'hh';
        guards.push('attribute_not_exists(#hh)');
        if (!request.urgent) {
          names['#hn'] = 'hn';
          guards.push('attribute_not_exists(#hn)');
        }
      }
      let length = 0;
      const taken = await conditionHolds(async () => {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: recipientKey(key),
            UpdateExpression:
              'SET #t = list_append(:now, if_not_exists(#t, :none)), #type = :type, #key = :key',
            ConditionExpression: guards.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        length = Array.isArray(out.Attributes?.times) ? out.Attributes.times.length : 0;
      });
      // Only the perHour newest times are ever read: the older ones go now and then (never in the same
      // update as the append, which DynamoDB refuses). Concurrent appends only shift them further back.
      const keep = request.throttle.perHour;
      if (taken && length >= keep + 16) {
        // Last index first: each index then names the same element whether a store removes them at once
        // (DynamoDB) or one after another (dynalite).
        const paths = Array.from({ length: Math.min(length - keep, 100) }, (_, i) => `#t[${length - 1 - i}]`);
        await db.doc
          .send(
            new UpdateCommand({
              TableName: table,
              Key: recipientKey(key),
              UpdateExpression: `REMOVE ${paths.join(', ')}`,
              ExpressionAttributeNames: { '#t': 'times' },
            }),
          )
          .catch(() => undefined);
      }
      return taken;
    },

    /**
     * Gives back the slot `take` took at `at` for an SMS that never went (its budget refused it, or the
     * sender handed nothing over), if no other SMS took a slot since; else it stays taken (the phone
     * then gets fewer SMS than allowed, never more).
     */
    async untake(key: string, at: Date): Promise<void> {
      await conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: recipientKey(key),
            UpdateExpression: 'REMOVE #t[0]',
            ConditionExpression: '#t[0] = :at',
            ExpressionAttributeNames: { '#t': 'times' },
            ExpressionAttributeValues: { ':at': at.getTime() },
          }),
        ),
      );
    },

    /**
     * Holds an entry for the phone (idempotent) and puts the phone in the sweep's queue, due now unless
     * it already is: the sweep works out when its next slot is.
     */
    async hold(
      key: string,
      held: { entry: string; urgent: boolean; to: string; role: string; now: Date },
    ): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: recipientKey(key),
          UpdateExpression:
            'ADD #set :entry SET #type = :type, #key = :key, #to = :to, #role = :role, gsi2pk = :queue, gsi2sk = if_not_exists(gsi2sk, :due)',
          ExpressionAttributeNames: {
            '#set': held.urgent ? 'hh' : 'hn',
            '#type': 'type',
            '#key': 'key',
            '#to': 'to',
            '#role': 'role',
          },
          ExpressionAttributeValues: {
            ':entry': new Set([held.entry]),
            ':type': 'smsRecipient',
            ':key': key,
            ':to': held.to,
            ':role': held.role,
            ':queue': HELD_QUEUE,
            ':due': `${held.now.toISOString()}#${key}`,
          },
        }),
      );
    },

    async state(key: string): Promise<RecipientState | undefined> {
      const out = await db.doc.send(
        new GetCommand({ TableName: table, Key: recipientKey(key), ConsistentRead: true }),
      );
      const item = out.Item;
      if (!item) return undefined;
      return {
        key,
        ...(typeof item.to === 'string' ? { to: item.to } : {}),
        ...(typeof item.role === 'string' ? { role: item.role } : {}),
        times: Array.isArray(item.times) ? item.times.map(Number) : [],
        urgent: setOf(item.hh),
        other: setOf(item.hn),
      };
    },

    /** Phones whose held SMS are due at or before `now`, soonest first: one Query of the queue. */
    async due(now: Date, limit: number): Promise<string[]> {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :q AND gsi2sk <= :bound',
          ExpressionAttributeValues: { ':q': HELD_QUEUE, ':bound': `${now.toISOString()}#\uffff` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => item.key as string);
    },

    /** The phone's queue entry moves to `at` (its next free slot), if it is still queued. */
    async postpone(key: string, at: Date): Promise<void> {
      await conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: recipientKey(key),
            UpdateExpression: 'SET gsi2sk = :due',
            ConditionExpression: 'attribute_exists(gsi2pk)',
            ExpressionAttributeValues: { ':due': `${at.toISOString()}#${key}` },
          }),
        ),
      );
    },

    /**
     * Takes entries that are out (texted, or no longer to be) from the phone's sets; the phone stays
     * queued, due at `next`, while anything is left, and leaves the queue when nothing is — unless an
     * entry was held meanwhile, which the condition sees.
     */
    async release(key: string, done: { urgent: string[]; other: string[] }, next: Date): Promise<void> {
      const deletes: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {
        ':queue': HELD_QUEUE,
        ':due': `${next.toISOString()}#${key}`,
      };
      if (done.urgent.length > 0) {
        deletes.push('#hh :urgent');
        names['#hh'] = 'hh';
        values[':urgent'] = new Set(done.urgent);
      }
      if (done.other.length > 0) {
        deletes.push('#hn :other');
        names['#hn'] = 'hn';
        values[':other'] = new Set(done.other);
      }
      const out = await db.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: recipientKey(key),
          UpdateExpression: `SET gsi2pk = :queue, gsi2sk = :due${deletes.length ? ` DELETE ${deletes.join(', ')}` : ''}`,
          ...(deletes.length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (out.Attributes?.hh || out.Attributes?.hn) return;
      await conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: recipientKey(key),
            UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
            ConditionExpression: 'attribute_not_exists(#hh) AND attribute_not_exists(#hn)',
            ExpressionAttributeNames: { '#hh': 'hh', '#hn': 'hn' },
          }),
        ),
      );
    },
  };
}

export type SmsThrottle = ReturnType<typeof smsThrottle>;
