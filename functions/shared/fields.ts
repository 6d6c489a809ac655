import * as z from 'zod';
import { cleanText, codePointLength } from './text';

/** Limits a form field carries to the site, from the same schema the API validates with. */
export interface FieldMeta {
  minChars?: number;
  maxChars?: number;
}

/**
 * A text a person types: NFC-normalized and trimmed, its length counted in code points (so that
 * Vietnamese with combining marks counts as people see it), limits kept as metadata for the site.
 */
export function textField(limits: { min?: number; max: number }) {
  const meta: FieldMeta = { ...(limits.min ? { minChars: limits.min } : {}), maxChars: limits.max };
  return z
    .string()
    .overwrite(cleanText)
    .superRefine((value, ctx) => {
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
        ctx.addIssue({
          code: 'too_big',
          origin: 'string',
          maximum: limits.max,
          inclusive: true,
          input: value,
        });
      }
    })
    .meta({ ...meta });
}

/** An optional text: an empty box in a form means "not given". */
export function optionalText(limits: { max: number }) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    textField(limits).optional(),
  );
}

export interface FormFieldInfo {
  name: string;
  required: boolean;
  minChars?: number;
  maxChars?: number;
}

/** Names, required flags and limits of an object schema's fields, for building its form. */
export function formFields(schema: z.ZodObject): FormFieldInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const type = field as z.ZodType;
    const required = !type.safeParse(undefined).success;
    const meta = findMeta(type);
    return { name, required, ...meta };
  });
}

function findMeta(type: z.ZodType): FieldMeta {
  let current: z.ZodType | undefined = type;
  for (let depth = 0; current && depth < 6; depth++) {
    const meta = current.meta() as FieldMeta | undefined;
    if (meta && (meta.maxChars !== undefined || meta.minChars !== undefined)) return meta;
    const def: { innerType?: z.ZodType; out?: z.ZodType } = (
      current as unknown as { _zod: { def: { innerType?: z.ZodType; out?: z.ZodType } } }
    )._zod.def;
    current = def.innerType ?? def.out;
  }
  return {};
}
