import * as mini from 'zod/mini';
import { type $RefinementCtx, type $ZodObject, type $ZodType, globalRegistry } from 'zod/v4/core';
import { cleanText, codePointLength, hasControlCharacters } from './text';

/** Limits a form field carries to the site, from the same schema the API validates with. */
export interface FieldMeta {
  minChars?: number;
  maxChars?: number;
}

function fieldMeta(limits: { min?: number; max: number }): FieldMeta {
  return { ...(limits.min ? { minChars: limits.min } : {}), maxChars: limits.max };
}

/**
 * The checks of textField: no control characters but tab and line breaks (a NUL or an escape code has no
 * place in what a person typed, and other programs cut or misread text at them), then the length in
 * code points.
 */
function checkText(limits: { min?: number; max: number }) {
  return (value: string, ctx: $RefinementCtx<string>) => {
    if (hasControlCharacters(value)) {
      ctx.addIssue({ code: 'custom', params: { key: 'field.control_characters' }, input: value });
      return;
    }
    const length = codePointLength(value);
    if (limits.min !== undefined && length < limits.min) {
      ctx.addIssue({
        code: 'too_small',
        origin: 'string',
        minimum: limits.min,
        inclusive: true,
        input: value,
      });
    } else if (length > limits.max) {
      ctx.addIssue({ code: 'too_big', origin: 'string', maximum: limits.max, inclusive: true, input: value });
    }
  };
}

const blankIsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** An optional field of a form or a query: a blank value (empty or spaces) means "not given". */
export function optionalBlank<T extends mini.core.SomeType>(schema: T) {
  return mini.pipe(mini.transform(blankIsAbsent), mini.optional(schema));
}

/**
 * A text a person types: NFC-normalized and trimmed, its length counted in code points (so that
 * Vietnamese with combining marks counts as people see it), control characters other than tab and
 * line breaks refused, limits kept as metadata for the site. zod/mini, like every request schema (ADR 0012).
 */
export function textField(limits: { min?: number; max: number }) {
  return mini
    .string()
    .check(mini.overwrite(cleanText), mini.superRefine(checkText(limits)))
    .register(globalRegistry, { ...fieldMeta(limits) });
}

/** An optional text: an empty box in a form means "not given". */
export function optionalText(limits: { max: number }) {
  return optionalBlank(textField(limits));
}

export interface FormFieldInfo {
  name: string;
  required: boolean;
  minChars?: number;
  maxChars?: number;
}

/** Names, required flags and limits of an object schema's fields, for building its form. */
export function formFields(schema: $ZodObject): FormFieldInfo[] {
  return Object.entries(schema._zod.def.shape).map(([name, type]) => {
    const required = !mini.safeParse(type, undefined).success;
    const meta = findMeta(type);
    return { name, required, ...meta };
  });
}

function findMeta(type: $ZodType): FieldMeta {
  let current: $ZodType | undefined = type;
  for (let depth = 0; current && depth < 6; depth++) {
    const meta = globalRegistry.get(current) as FieldMeta | undefined;
    if (meta && (meta.maxChars !== undefined || meta.minChars !== undefined)) return meta;
    const def: { innerType?: $ZodType; out?: $ZodType } = current._zod.def as never;
    current = def.innerType ?? def.out;
  }
  return {};
}
