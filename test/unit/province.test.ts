import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeployedProvince, parseProvince } from '../../functions/shared/province';

const demo = JSON.parse(
  readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('parseProvince (a province file: synth, CLI, local system)', () => {
  it('accepts the demo province as it is', () => {
    // What the file leaves out takes its default (rate limits per officer, SMS shares, …).
    expect(parseProvince(demo, 'quang-ninh.json')).toMatchObject(demo);
  });

  it('names each wrong field with its rule in words, never a raw pattern, and a missing one as required', () => {
    const { sms, fallbackDutyPhone: _dropped, ...rest } = demo;
    const wrong = {
      ...rest,
      id: 'Quang Ninh',
      rootArea: '-qn',
      sms: { ...(sms as Record<string, unknown>), senderId: 'TUQUAN-QN-2026', dailyCap: undefined },
    };

    expect(() => parseProvince(wrong, 'wrong.json')).toThrow(
      new Error(
        'Invalid province config wrong.json:\n' +
          '  - id: 2 to 41 lowercase letters, digits and dashes, starting with a letter\n' +
          '  - rootArea: 1 to 40 upper-case letters, digits and dashes, not starting with a dash\n' +
          '  - sms.senderId: 1 to 11 letters or digits\n' +
          '  - sms.dailyCap: required\n' +
          '  - fallbackDutyPhone: required',
      ),
    );
  });

  it('refuses a landline as the duty desk phone: an SMS never arrives there', () => {
    const landline = { ...demo, fallbackDutyPhone: '+842033825113' };

    expect(() => parseProvince(landline, 'quang-ninh.json')).toThrow(
      new Error(
        'Invalid province config quang-ninh.json:\n' +
          '  - fallbackDutyPhone: a Vietnamese mobile number in E.164 (+84, then 9 digits starting 3, 5, 7, 8 or 9), e.g. +84912345678: SMS never reach a landline',
      ),
    );
    expect(() => parseDeployedProvince(landline, 'TUQUAN_PROVINCE')).toThrow(
      /fallbackDutyPhone: a Vietnamese mobile/,
    );
    expect(parseProvince(demo, 'quang-ninh.json').fallbackDutyPhone).toBe('+84900000113');
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

  it('shows no raw pattern for any text field set wrong', () => {
    // Every text of the demo (names, codes, phones, addresses) set to one that fits no rule.
    const spoil = (value: unknown): unknown =>
      typeof value === 'string'
        ? '!'
        : Array.isArray(value)
          ? value.map(spoil)
          : value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spoil(v)]))
            : value;

    const message = (() => {
      try {
        parseProvince(spoil(demo), 'spoiled.json');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();

    expect(message).toContain('  - sms.senderId: ');
    expect(message).not.toMatch(/pattern|\/\^|\$\//);
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
          '  - rootArea: 1 to 40 upper-case letters, digits and dashes, not starting with a dash\n' +
          '  - alarmEmails: required',
      ),
    );
  });
});
