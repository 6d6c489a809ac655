import { describe, expect, it } from 'vitest';
import { instantFromForm } from '../../functions/shared/time';

describe('instantFromForm', () => {
  it('reads a datetime-local value as wall-clock time in the province zone', () => {
    expect(instantFromForm('2026-11-27T10:30', 'Asia/Ho_Chi_Minh')).toBe('2026-11-27T03:30:00.000Z');
  });

  it('keeps seconds of a local value', () => {
    expect(instantFromForm('2026-11-27T10:30:15', 'Asia/Ho_Chi_Minh')).toBe('2026-11-27T03:30:15.000Z');
  });

  it('leaves a time with an offset as it is', () => {
    expect(instantFromForm('2026-11-27T10:30:00+07:00', 'Asia/Ho_Chi_Minh')).toBe(
      '2026-11-27T10:30:00+07:00',
    );
    expect(instantFromForm('2026-11-27T03:30:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-11-27T03:30:00Z');
  });
});
