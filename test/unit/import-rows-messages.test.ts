import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { FILES } from '../../infra/import/rows';

/** The first message of each column, as validateFolder lists them for the admin. */
function messages(row: z.core.$ZodType, cells: Record<string, string>): Record<string, string> {
  const parsed = z.safeParse(row, cells);
  const out: Record<string, string> = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const column = String(issue.path[0] ?? '');
    out[column] ??= issue.message;
  }
  return out;
}

describe('the import’s row messages', () => {
  it('say "required" for every empty cell of a required column, whatever rule the column follows', () => {
    for (const spec of Object.values(FILES)) {
      const required = spec.columns.filter(
        (c) => !(spec.optionalColumns as readonly string[]).includes(c) && c !== 'parent' && c !== 'status',
      );
      const found = messages(spec.row, Object.fromEntries(spec.columns.map((c) => [c, ''])));
      const said = Object.fromEntries(required.map((c) => [c, found[c]]));

      expect(said, spec.file).toEqual(
        Object.fromEntries(required.map((c) => [c, expect.stringMatching(/^required/)])),
      );
    }
  });

  it('name each rule in words, never a raw pattern', () => {
    for (const spec of Object.values(FILES)) {
      for (const cell of ['=!x', 'x', '99:99', '2026-13-45']) {
        const found = Object.values(
          messages(spec.row, Object.fromEntries(spec.columns.map((c) => [c, cell]))),
        );
        for (const message of found)
          expect(message, `${spec.file}: ${message}`).not.toMatch(/pattern|\/\^|\$\/|Invalid/);
      }
    }
  });

  it('refuse control characters in a name a person typed', () => {
    expect(
      messages(FILES.areas.row, { code: 'QN', name: 'Quảng\u0000Ninh', kind: 'province', parent: '' }),
    ).toEqual({ name: 'holds a control character (only tabs and line breaks are allowed): retype the text' });
  });
});
