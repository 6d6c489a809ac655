import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { formFields, optionalText, textField } from '../../functions/shared/fields';
import { parseInput } from '../../functions/shared/validation';

const LIMITS = { min: 3, max: 5 } as const;
const INPUTS = ['  Uông  ', 'ab', 'Uông Bí', 'e\u0301e\u0301e\u0301', '', '   ', 7, undefined];

/** What parseInput makes of one value: the parsed value, or the field problems it throws. */
function outcome(schema: z.core.$ZodType, value: unknown) {
  try {
    return { value: parseInput(schema, { f: value }) };
  } catch (error) {
    return { problems: (error as { fields?: unknown }).fields ?? String(error) };
  }
}

describe('textField and optionalText', () => {
  it('trims and normalizes, counts code points, and names each refusal', () => {
    const schema = z.strictObject({ f: textField(LIMITS) });

    expect(INPUTS.map((v) => outcome(schema, v))).toEqual([
      { value: { f: 'Uông' } },
      { problems: { f: { key: 'field.too_short', params: { min: 3 } } } },
      { problems: { f: { key: 'field.too_long', params: { max: 5 } } } },
      { value: { f: 'ééé' } },
      { problems: { f: { key: 'field.required' } } },
      { problems: { f: { key: 'field.required' } } },
      { problems: { f: { key: 'field.invalid_type' } } },
      { problems: { f: { key: 'field.required' } } },
    ]);
  });

  it('reads a blank optional text as not given, and checks a typed one like textField', () => {
    const schema = z.strictObject({ f: optionalText(LIMITS) });

    expect(INPUTS.map((v) => outcome(schema, v))).toEqual([
      { value: { f: 'Uông' } },
      { problems: { f: { key: 'field.too_short', params: { min: 3 } } } },
      { problems: { f: { key: 'field.too_long', params: { max: 5 } } } },
      { value: { f: 'ééé' } },
      { value: {} },
      { value: {} },
      { problems: { f: { key: 'field.invalid_type' } } },
      { value: {} },
    ]);
  });
});

describe('textField against control characters', () => {
  it('refuses NUL, escape codes, DEL and C1 controls before any length check, in a typed or optional text', () => {
    const required = z.strictObject({ f: textField({ min: 10, max: 50 }) });
    const optional = z.strictObject({ f: optionalText({ max: 50 }) });
    const typed = ['\u0000\u0001\u0002 …', 'Uông\u0000Bí', 'a\u001b[2Jb', 'xoá\u007f', 'dấu\u0085', '\u0008'];
    const refused = { problems: { f: { key: 'field.control_characters', params: {} } } };

    expect(typed.map((v) => outcome(required, v))).toEqual(typed.map(() => refused));
    expect(typed.map((v) => outcome(optional, v))).toEqual(typed.map(() => refused));
  });

  it('keeps tab and line breaks, and trims them at the ends as before', () => {
    const schema = z.strictObject({ f: textField({ max: 50 }) });

    expect(outcome(schema, '\tDòng một\r\n\tDòng hai\n')).toEqual({ value: { f: 'Dòng một\r\n\tDòng hai' } });
  });
});

describe('formFields', () => {
  it('reads names, required flags and limits of an object schema for its form', () => {
    const schema = z.strictObject({ a: textField(LIMITS), b: optionalText({ max: 9 }), c: z.string() });

    expect(formFields(schema)).toEqual([
      { name: 'a', required: true, minChars: 3, maxChars: 5 },
      { name: 'b', required: false, maxChars: 9 },
      { name: 'c', required: true },
    ]);
  });
});
