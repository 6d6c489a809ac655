import { describe, expect, it } from 'vitest';
import { toE164, toMobileE164 } from '../../functions/shared/phone';

describe('toE164', () => {
  it('turns a Vietnamese mobile number into +84', () => {
    expect(toE164('0912 345 678')).toBe('+84912345678');
  });

  it('keeps a number already in E.164', () => {
    expect(toE164('+84 203 3825 113')).toBe('+842033825113');
  });

  it('accepts 84 without the plus and 00 prefixes', () => {
    expect(toE164('84912345678')).toBe('+84912345678');
    expect(toE164('0084912345678')).toBe('+84912345678');
  });

  it('ignores dots, dashes and brackets', () => {
    expect(toE164('(091) 234-56.78')).toBe('+84912345678');
  });

  it('refuses letters, short numbers and numbers of the wrong length for Vietnam', () => {
    expect(toE164('call me')).toBeUndefined();
    expect(toE164('113')).toBeUndefined();
    expect(toE164('091234')).toBeUndefined();
    expect(toE164('+8491234567890')).toBeUndefined();
  });
});

describe('toMobileE164 (a phone the system texts)', () => {
  it('keeps Vietnamese mobiles of every prefix, in any writing', () => {
    expect(
      ['0912 345 678', '+84 32 345 6789', '0565.123.456', '070-123-4567', '0812345678', '84900000113'].map(
        toMobileE164,
      ),
    ).toEqual([
      '+84912345678',
      '+84323456789',
      '+84565123456',
      '+84701234567',
      '+84812345678',
      '+84900000113',
    ]);
  });

  it('refuses landlines, foreign numbers and what is no phone number', () => {
    expect(
      ['+84 203 3825 113', '0203 3825 113', '024 3825 1234', '+33 6 12 34 56 78', '113', 'call me'].map(
        toMobileE164,
      ),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
