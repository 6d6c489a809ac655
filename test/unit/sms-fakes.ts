import type { Reservation, SmsAsk, SmsBudget, Throttle } from '../../functions/sms/model';
import type { RecipientState, ReserveSms, SmsThrottle } from '../../functions/sms/store';

/**
 * The day's SMS budget in memory, with the guards sms/store.ts's counter puts on each reservation:
 * the cap, the reserve (normal SMS stop at `normalLimit`) and each commune's share (normal SMS of a
 * commune stop once it has spent `communeLimit`, its SMS of both classes counted).
 */
export class MemoryBudget {
  days = new Map<string, { spent: number; communes: Map<string, number> }>();

  reserve: ReserveSms = async (day: string, budget: SmsBudget, ask: SmsAsk = { priority: false }) => {
    const state = this.days.get(day) ?? { spent: 0, communes: new Map() };
    this.days.set(day, state);
    const refused = (reason: 'cap' | 'reserve' | 'share'): Reservation => ({ granted: false, reason });
    if (state.spent >= budget.cap) return refused('cap');
    if (!ask.priority && state.spent >= budget.normalLimit) return refused('reserve');
    const commune = ask.commune ? (state.communes.get(ask.commune) ?? 0) : 0;
    if (!ask.priority && ask.commune && commune >= budget.communeLimit) return refused('share');
    state.spent++;
    if (ask.commune) state.communes.set(ask.commune, commune + 1);
    return { granted: true, spent: state.spent };
  };

  spentOn(day: string): number {
    return this.days.get(day)?.spent ?? 0;
  }
}

interface Phone {
  times: number[];
  urgent: Set<string>;
  other: Set<string>;
  to?: string;
  role?: string;
  due?: string;
}

/** Each phone's throttle and held entries in memory, as sms/store.ts's smsThrottle keeps them. */
export class MemoryThrottle implements SmsThrottle {
  phones = new Map<string, Phone>();

  private phone(key: string): Phone {
    let phone = this.phones.get(key);
    if (!phone) {
      phone = { times: [], urgent: new Set(), other: new Set() };
      this.phones.set(key, phone);
    }
    return phone;
  }

  async take(key: string, request: { now: Date; throttle: Throttle; urgent: boolean; fromHeld: boolean }) {
    const phone = this.phone(key);
    const now = request.now.getTime();
    const { perMinute, per15Minutes, perHour } = request.throttle;
    for (const [ms, limit] of [
      [60_000, perMinute],
      [15 * 60_000, per15Minutes],
      [60 * 60_000, perHour],
    ] as const) {
      const counted = phone.times[limit - 1];
      if (counted !== undefined && counted > now - ms) return false;
    }
    if (!request.fromHeld && (phone.urgent.size > 0 || (!request.urgent && phone.other.size > 0)))
      return false;
    phone.times.unshift(now);
    return true;
  }

  async untake(key: string, at: Date) {
    const phone = this.phones.get(key);
    if (phone?.times[0] === at.getTime()) phone.times.shift();
  }

  async hold(key: string, held: { entry: string; urgent: boolean; to: string; role: string; now: Date }) {
    const phone = this.phone(key);
    (held.urgent ? phone.urgent : phone.other).add(held.entry);
    phone.to = held.to;
    phone.role = held.role;
    phone.due ??= `${held.now.toISOString()}#${key}`;
  }

  async state(key: string): Promise<RecipientState | undefined> {
    const phone = this.phones.get(key);
    if (!phone) return undefined;
    return {
      key,
      ...(phone.to ? { to: phone.to } : {}),
      ...(phone.role ? { role: phone.role } : {}),
      times: [...phone.times],
      urgent: [...phone.urgent].sort(),
      other: [...phone.other].sort(),
    };
  }

  async due(now: Date, limit: number) {
    return [...this.phones.entries()]
      .filter(([, phone]) => phone.due && phone.due <= `${now.toISOString()}#\uffff`)
      .sort((a, b) => ((a[1].due ?? '') < (b[1].due ?? '') ? -1 : 1))
      .slice(0, limit)
      .map(([key]) => key);
  }

  async postpone(key: string, at: Date) {
    const phone = this.phones.get(key);
    if (phone?.due) phone.due = `${at.toISOString()}#${key}`;
  }

  async release(key: string, done: { urgent: string[]; other: string[] }, next: Date) {
    const phone = this.phone(key);
    for (const entry of done.urgent) phone.urgent.delete(entry);
    for (const entry of done.other) phone.other.delete(entry);
    phone.due = phone.urgent.size + phone.other.size > 0 ? `${next.toISOString()}#${key}` : undefined;
  }

  /** Entries still held, by phone. */
  held(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [key, phone] of this.phones)
      if (phone.urgent.size + phone.other.size > 0) out[key] = [...phone.urgent, ...phone.other];
    return out;
  }
}
