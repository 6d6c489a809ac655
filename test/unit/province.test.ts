import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeployedProvince, parseProvince } from '../../functions/shared/province';

const demo = JSON.parse(
  readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('parseProvince (a province file: synth, CLI, local system)', () => {
  it('accepts the demo province as it is', () => {
    expect(parseProvince(demo, 'quang-ninh.json')).toEqual(demo);
  });

  it('names a time zone this Node does not know, with the other wrong fields, in one message', () => {
    // Asia/Hanoi has the shape of a zone name, but IANA has no such zone (Viet Nam is Asia/Ho_Chi_Minh).
    const wrong = { ...demo, timeZone: 'Asia/Hanoi', stage: 'test' };

    expect(() => parseProvince(wrong, 'wrong.json')).toThrow(
      new Error(
        'Invalid province config wrong.json:\n' +
          '  - stage: Invalid option: expected one of "dev"|"prod"\n' +
          '  - timeZone: an IANA time zone, e.g. Asia/Ho_Chi_Minh (this Node does not know Asia/Hanoi)',
      ),
    );
  });
});

describe('parseDeployedProvince (TUQUAN_PROVINCE at a function start-up)', () => {
  it('reads the province the synth wrote exactly as parseProvince does', () => {
    expect(parseDeployedProvince(JSON.parse(JSON.stringify(demo)), 'TUQUAN_PROVINCE')).toEqual(
      parseProvince(demo, 'quang-ninh.json'),
    );
  });

  it('checks the time zone by its shape only, without asking ICU', () => {
    const named = parseDeployedProvince({ ...demo, timeZone: 'Asia/Hanoi' }, 'TUQUAN_PROVINCE');

    expect(named.timeZone).toBe('Asia/Hanoi');
    expect(() => parseDeployedProvince({ ...demo, timeZone: 'GMT +7' }, 'TUQUAN_PROVINCE')).toThrow(
      new Error(
        'Invalid province config TUQUAN_PROVINCE:\n  - timeZone: an IANA time zone, e.g. Asia/Ho_Chi_Minh',
      ),
    );
  });

  it('still fails fast on every other wrong field', () => {
    const { alarmEmails: _dropped, ...withoutAlarms } = demo;

    expect(() => parseDeployedProvince({ ...withoutAlarms, rootArea: 'qn' }, 'TUQUAN_PROVINCE')).toThrow(
      new Error(
        'Invalid province config TUQUAN_PROVINCE:\n' +
          '  - rootArea: Invalid string: must match pattern /^[A-Z0-9][A-Z0-9-]{0,39}$/\n' +
          '  - alarmEmails: Invalid input: expected array, received undefined',
      ),
    );
  });
});
