import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as mini from 'zod/mini';
import { formFields, lengthLimits, optionalText, textField } from '../../functions/shared/fields';
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
    const schema = mini.strictObject({ f: textField(LIMITS) });

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
    const schema = mini.strictObject({ f: optionalText(LIMITS) });

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

describe('formFields', () => {
  it('reads names, required flags and limits from a zod/mini object as from a classic one', () => {
    const classic = z.strictObject({ a: textField(LIMITS), b: optionalText({ max: 9 }), c: z.string() });
    const small = mini.strictObject({ a: textField(LIMITS), b: optionalText({ max: 9 }), c: mini.string() });

    expect({ classic: formFields(classic), mini: formFields(small) }).toEqual({
      classic: [
        { name: 'a', required: true, minChars: 3, maxChars: 5 },
        { name: 'b', required: false, maxChars: 9 },
        { name: 'c', required: true },
      ],
      mini: [
        { name: 'a', required: true, minChars: 3, maxChars: 5 },
        { name: 'b', required: false, maxChars: 9 },
        { name: 'c', required: true },
      ],
    });
  });
});

describe('lengthLimits', () => {
  it("reads a string schema's own length checks in either flavour, the tightest winning", () => {
    expect({
      classic: lengthLimits(z.string().min(1).max(64)),
      mini: lengthLimits(mini.string().check(mini.minLength(2), mini.maxLength(64), mini.maxLength(40))),
      none: lengthLimits(mini.string()),
    }).toEqual({ classic: { minChars: 1, maxChars: 64 }, mini: { minChars: 2, maxChars: 40 }, none: {} });
  });
});
