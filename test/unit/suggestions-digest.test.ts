import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setLogSink } from '../../functions/shared/log';
import { fitsOneSegment, type Reservation, SmsError, type SmsMessage } from '../../functions/sms/model';
import type { OfficerOnDuty } from '../../functions/sms/roster';
import { type DigestPorts, digestBoxes, digestText } from '../../functions/suggestions/digest';
import type { DigestPlan, DigestSmsState, NewSuggestion } from '../../functions/suggestions/model';
import type { DigestStore } from '../../functions/suggestions/store';
import { mutableClock } from './reports-fakes';

const BASE_URL = 'https://tuquan.quangninh.example.vn';

class MemoryDigest implements DigestStore {
  online: NewSuggestion[] = [];
  marks = new Map<string, { cutoff: string; day: string }>();
  plans = new Map<string, DigestPlan>();
  claims = new Map<string, { state: DigestSmsState; claim: string }>();

  async newOnline(from: string, to: string) {
    return this.online.filter((s) => s.createdAt > from && s.createdAt <= to);
  }
  async digested(box: string) {
    return this.marks.get(box);
  }
  async getPlan(box: string, day: string) {
    return this.plans.get(`${box}#${day}`);
  }
  async putPlan(plan: DigestPlan) {
    const key = `${plan.box}#${plan.day}`;
    if (!this.plans.has(key)) this.plans.set(key, plan);
    return this.plans.get(key) as DigestPlan;
  }
  async claim(plan: DigestPlan, key: string, claim: string) {
    const id = `${plan.box}#${plan.day}#${key}`;
    const held = this.claims.get(id);
    if (held) return held.state;
    this.claims.set(id, { state: 'sending', claim });
    return 'claimed' as const;
  }
  async settle(plan: DigestPlan, key: string, claim: string, state: Exclude<DigestSmsState, 'sending'>) {
    const id = `${plan.box}#${plan.day}#${key}`;
    if (this.claims.get(id)?.claim === claim) this.claims.set(id, { state, claim });
  }
  async release(plan: DigestPlan, key: string, claim: string) {
    const id = `${plan.box}#${plan.day}#${key}`;
    if (this.claims.get(id)?.claim === claim) this.claims.delete(id);
  }
  async markDigested(box: string, mark: { cutoff: string; day: string }) {
    const held = this.marks.get(box);
    if (!held || held.cutoff < mark.cutoff) this.marks.set(box, mark);
  }
}

/** The province's daily SMS counter. */
class MemoryCap {
  reserved = 0;
  cap = Number.POSITIVE_INFINITY;

  reserve = async (): Promise<Reservation> => {
    if (this.reserved >= this.cap) return { granted: false, reason: 'cap' };
    this.reserved++;
    return { granted: true, spent: this.reserved };
  };
}

const onDuty = (id: string): OfficerOnDuty => ({
  id,
  name: id,
  phone: `+8490000${id.length}${id.charCodeAt(0)}`,
  role: 'group_head',
});

function digestPorts(roster: Record<string, OfficerOnDuty[]>) {
  const store = new MemoryDigest();
  const smsCap = new MemoryCap();
  // 08:00 in Hanoi on 12 March.
  const clock = mutableClock('2025-03-12T01:00:00.000Z');
  const sent: SmsMessage[] = [];
  const failures: (Error | undefined)[] = [];
  const ports: DigestPorts = {
    store,
    roster: { onDutyOfficers: async (area) => roster[area] ?? [] },
    sms: {
      send: async (message) => {
        const failure = failures.shift();
        if (failure) throw failure;
        sent.push(message);
        return {};
      },
    },
    reserveSms: smsCap.reserve,
    clock,
    province: {
      baseUrl: BASE_URL,
      timeZone: 'Asia/Ho_Chi_Minh',
      sms: { dailyCap: 2000, reservePercent: 20, communeSharePercent: 25 } as never,
    },
    sleep: async () => undefined,
  };
  return { ports, store, smsCap, clock, sent, failures };
}

let n = 0;
const fresh = (box: string, area: string, ancestors: string[], createdAt: string): NewSuggestion => ({
  id: `s${String(++n).padStart(15, '0')}`,
  box,
  boxName: box === 'G-QT5A' ? 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A' : 'Hòm thư góp ý phường Uông Bí',
  area,
  ancestors,
  createdAt,
});
const qt5a = (at: string) => fresh('G-QT5A', 'UONG-BI-QT5A', ['QN', 'UONG-BI'], at);
const ward = (at: string) => fresh('A-UONG-BI', 'UONG-BI', ['QN'], at);

describe('digestBoxes', () => {
  it('texts each officer on duty for a box once, with the count only, in one GSM-7 segment', async () => {
    const { ports, store, sent } = digestPorts({
      'UONG-BI-QT5A': [onDuty('TT'), onDuty('HG')],
      'UONG-BI': [onDuty('CA1')],
    });
    store.online = [
      qt5a('2025-03-11T03:00:00.000Z'),
      qt5a('2025-03-11T09:00:00.000Z'),
      qt5a('2025-03-12T00:30:00.000Z'),
      ward('2025-03-11T10:00:00.000Z'),
    ];

    const outcome = await digestBoxes(ports);

    expect(outcome).toEqual({ boxes: 2, sent: 3, failed: 0, capped: 0 });
    const qtText = `Hom thu gop y To tu quan khu Quang Trung 5A: 3 gop y moi. Xem: ${BASE_URL}/officer/`;
    const wardText = `Hom thu gop y phuong Uong Bi: 1 gop y moi. Xem: ${BASE_URL}/officer/`;
    expect(sent.map((m) => [m.to, m.body])).toEqual([
      [onDuty('TT').phone, qtText],
      [onDuty('HG').phone, qtText],
      [onDuty('CA1').phone, wardText],
    ]);
    expect(sent.every((m) => fitsOneSegment(m.body))).toBe(true);
  });

  it('sends nothing more the same day, and the next day counts only what came since', async () => {
    const { ports, store, sent, clock } = digestPorts({ 'UONG-BI-QT5A': [onDuty('TT')] });
    store.online = [qt5a('2025-03-11T03:00:00.000Z'), qt5a('2025-03-11T04:00:00.000Z')];
    await digestBoxes(ports);
    store.online.push(qt5a('2025-03-12T02:00:00.000Z'));
    clock.set('2025-03-12T05:00:00.000Z');

    const sameDay = await digestBoxes(ports);
    clock.set('2025-03-13T01:00:00.000Z');
    const nextDay = await digestBoxes(ports);
    const again = await digestBoxes(ports);

    expect(sameDay).toEqual({ boxes: 0, sent: 0, failed: 0, capped: 0 });
    expect(nextDay).toEqual({ boxes: 1, sent: 1, failed: 0, capped: 0 });
    expect(again.sent).toBe(0);
    expect(sent.map((m) => m.body.match(/: (\d+) gop y/)?.[1])).toEqual(['2', '1']);
  });

  it('resumes a run that crashed mid-way: who was texted is not texted again, who was not is', async () => {
    const { ports, store, sent, failures } = digestPorts({ 'UONG-BI-QT5A': [onDuty('TT'), onDuty('HG')] });
    store.online = [qt5a('2025-03-11T03:00:00.000Z')];
    // The first SMS goes; the sender crashes on the second before handing it over.
    failures.push(undefined, new Error('socket hang up'));
    const logged: string[] = [];
    setLogSink((line) => logged.push(line), 'warn');
    const crashed = await digestBoxes(ports);
    setLogSink((line) => process.stdout.write(`${line}\n`), 'warn');

    const resumed = await digestBoxes(ports);

    expect(crashed).toEqual({ boxes: 0, sent: 1, failed: 0, capped: 0 });
    expect(resumed).toEqual({ boxes: 1, sent: 1, failed: 0, capped: 0 });
    expect(sent.map((m) => m.to)).toEqual([onDuty('TT').phone, onDuty('HG').phone]);
    expect(logged.map((l) => JSON.parse(l).message)).toEqual(['digest of a box failed']);
  });

  it('carries the count of a digest nobody received to the next day', async () => {
    const { ports, store, sent, clock, failures } = digestPorts({ 'UONG-BI-QT5A': [onDuty('TT')] });
    store.online = [qt5a('2025-03-11T03:00:00.000Z'), qt5a('2025-03-11T04:00:00.000Z')];
    failures.push(new Error('socket hang up'));
    setLogSink(() => undefined, 'warn');
    const crashed = await digestBoxes(ports);
    setLogSink((line) => process.stdout.write(`${line}\n`), 'warn');
    store.online.push(qt5a('2025-03-12T09:00:00.000Z'));
    clock.set('2025-03-13T01:00:00.000Z');

    const nextDay = await digestBoxes(ports);

    expect([crashed.sent, nextDay.sent]).toEqual([0, 1]);
    expect(sent.map((m) => m.body.match(/: (\d+) gop y/)?.[1])).toEqual(['3']);
  });

  it("texts the nearest place above with anyone on duty, never the province's; with nobody, the count waits", async () => {
    const { ports, store, sent, clock } = digestPorts({ QN: [onDuty('PROVINCE')] });
    store.online = [qt5a('2025-03-11T03:00:00.000Z')];

    const nobody = await digestBoxes(ports);
    ports.roster = { onDutyOfficers: async (area) => (area === 'UONG-BI' ? [onDuty('CA1')] : []) };
    clock.set('2025-03-13T01:00:00.000Z');
    store.online.push(qt5a('2025-03-12T05:00:00.000Z'));
    const later = await digestBoxes(ports);

    expect(nobody).toEqual({ boxes: 0, sent: 0, failed: 0, capped: 0 });
    expect(later).toEqual({ boxes: 1, sent: 1, failed: 0, capped: 0 });
    expect(sent.map((m) => [m.to, m.body.match(/: (\d+) gop y/)?.[1]])).toEqual([[onDuty('CA1').phone, '2']]);
  });

  it("counts against the province's daily SMS cap", async () => {
    const { ports, store, smsCap, sent } = digestPorts({ 'UONG-BI-QT5A': [onDuty('TT'), onDuty('HG')] });
    store.online = [qt5a('2025-03-11T03:00:00.000Z')];
    smsCap.cap = 1;

    const outcome = await digestBoxes(ports);

    expect(outcome).toEqual({ boxes: 1, sent: 1, failed: 0, capped: 1 });
    expect(sent).toHaveLength(1);
  });

  it('retries what the provider refused for now, and records a final refusal as failed', async () => {
    const { ports, store, sent, failures } = digestPorts({ 'UONG-BI-QT5A': [onDuty('TT'), onDuty('HG')] });
    store.online = [qt5a('2025-03-11T03:00:00.000Z')];
    failures.push(new SmsError('ThrottlingException', true), new SmsError('InvalidParameter', false));

    const outcome = await digestBoxes(ports);

    expect(outcome).toEqual({ boxes: 1, sent: 1, failed: 1, capped: 0 });
    expect(sent).toHaveLength(1);
    expect([...store.claims.values()].map((c) => c.state).sort()).toEqual(['failed', 'sent']);
  });

  it('leaves out suggestions older than the look-back of a week', async () => {
    const { ports, store, sent } = digestPorts({ 'UONG-BI-QT5A': [onDuty('TT')] });
    store.online = [qt5a('2025-03-01T03:00:00.000Z')];

    expect(await digestBoxes(ports)).toEqual({ boxes: 0, sent: 0, failed: 0, capped: 0 });
    expect(sent).toEqual([]);
  });
});

describe('digestText', () => {
  it('fits one GSM-7 segment whatever the box name and the count, and always ends with the link', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 99_999 }), (name, count) => {
        const text = digestText(`Hòm thư góp ý ${name}`, count, BASE_URL);
        expect(fitsOneSegment(text)).toBe(true);
        expect(text.endsWith(`: ${count} gop y moi. Xem: ${BASE_URL}/officer/`)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('cuts a long box name at a word', () => {
    const text = digestText(
      'Hòm thư góp ý Tổ tự quản an ninh trật tự khu dân cư số năm phường Quang Trung thành phố Uông Bí tỉnh Quảng Ninh',
      12,
      BASE_URL,
    );

    expect(text).toBe(
      `Hom thu gop y To tu quan an ninh trat tu khu dan cu so nam phuong Quang Trung thanh pho Uong..: 12 gop y moi. Xem: ${BASE_URL}/officer/`,
    );
  });
});
