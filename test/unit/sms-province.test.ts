import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProvince } from '../../functions/shared/province';

const demo = JSON.parse(
  readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { sms: Record<string, unknown> };
const withSms = (sms: Record<string, unknown>) => ({ ...demo, sms: { ...demo.sms, ...sms } });

describe("the province's SMS budget and throttle settings", () => {
  it('default to a 20 % reserve, a 25 % share per commune, alerts at 50/80/100 % and 1/5/12 SMS per phone', () => {
    const { sms } = parseProvince(demo, 'quang-ninh.json');

    expect({
      reservePercent: sms.reservePercent,
      communeSharePercent: sms.communeSharePercent,
      alertPercents: sms.alertPercents,
      throttle: sms.throttle,
    }).toEqual({
      reservePercent: 20,
      communeSharePercent: 25,
      alertPercents: [50, 80, 100],
      throttle: { perMinute: 1, per15Minutes: 5, perHour: 12 },
    });
  });

  it('takes the values a province sets', () => {
    const { sms } = parseProvince(
      withSms({
        reservePercent: 30,
        communeSharePercent: 40,
        alertPercents: [90],
        throttle: { perMinute: 2, per15Minutes: 10, perHour: 30 },
      }),
      'p.json',
    );

    expect([sms.reservePercent, sms.communeSharePercent, sms.alertPercents, sms.throttle]).toEqual([
      30,
      40,
      [90],
      { perMinute: 2, per15Minutes: 10, perHour: 30 },
    ]);
  });

  it('names each wrong value', () => {
    const problems = (sms: Record<string, unknown>) => {
      try {
        parseProvince(withSms(sms), 'p.json');
        return 'accepted';
      } catch (error) {
        return String((error as Error).message)
          .split('\n')
          .slice(1)
          .join('\n');
      }
    };

    expect(problems({ reservePercent: 95 })).toContain('sms.reservePercent');
    expect(problems({ reservePercent: 12.5 })).toContain('sms.reservePercent');
    expect(problems({ communeSharePercent: 0 })).toContain('sms.communeSharePercent');
    expect(problems({ alertPercents: [50, 120] })).toContain('sms.alertPercents.1');
    expect(problems({ throttle: { perMinute: 0, per15Minutes: 5, perHour: 12 } })).toContain(
      'sms.throttle.perMinute',
    );
    expect(problems({ throttle: { perMinute: 6, per15Minutes: 5, perHour: 12 } })).toBe(
      '  - sms.throttle: perMinute ≤ per15Minutes ≤ perHour',
    );
    expect(problems({ throttle: { perMinute: 1, per15Minutes: 5 } })).toContain('sms.throttle.perHour');
  });
});
