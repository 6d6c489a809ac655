import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as mini from 'zod/mini';
import {
  formFields,
  lengthLimits,
  miniOptionalText,
  miniTextField,
  optionalText,
  textField,
} from '../../functions/shared/fields';
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

describe('text fields in zod/mini', () => {
  it('parse and refuse every input as the classic text field does', () => {
    const classic = z.strictObject({ f: textField(LIMITS) });
    const small = mini.strictObject({ f: miniTextField(LIMITS) });

    expect(INPUTS.map((v) => outcome(small, v))).toEqual(INPUTS.map((v) => outcome(classic, v)));
  });

  it('parse and refuse every input as the classic optional text does', () => {
    const classic = z.strictObject({ f: optionalText(LIMITS) });
    const small = mini.strictObject({ f: miniOptionalText(LIMITS) });

    expect(INPUTS.map((v) => outcome(small, v))).toEqual(INPUTS.map((v) => outcome(classic, v)));
  });
});

describe('formFields', () => {
  it('reads names, required flags and limits from a zod/mini schema as from a classic one', () => {
    const classic = z.strictObject({ a: textField(LIMITS), b: optionalText({ max: 9 }), c: z.string() });
    const small = mini.strictObject({
      a: miniTextField(LIMITS),
      b: miniOptionalText({ max: 9 }),
      c: mini.string(),
    });

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
