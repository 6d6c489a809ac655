import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';

type JsonSchema = Record<string, unknown>;

/**
 * A request schema as JSON Schema, the way the document and its test both convert it: what a client
 * sends (`io: 'input'`, before transforms), in draft 2020-12 as OpenAPI 3.1 takes it. The text fields'
 * limits (`minChars`/`maxChars`, checked in code points after NFC normalization and trimming) become
 * `minLength`/`maxLength`, which JSON Schema also counts in code points.
 */
export function requestJsonSchema(schema: $ZodType): JsonSchema {
  return strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', override: textLimits }));
}

/** Every registered answer schema (what the server sends), each referring to the others by `uri(id)`. */
export function componentSchemas(
  registry: z.core.$ZodRegistry<{ id: string; description?: string }>,
  uri: (id: string) => string,
): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    metadata: registry,
    io: 'output',
    unrepresentable: 'any',
    override: textLimits,
    uri,
  }) as { schemas: Record<string, JsonSchema> };
  // A component is found by its place in the document: an `$id` would move the base of its `$ref`s.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $id: _id, ...rest } = strip(schema);
      return [id, rest];
    }),
  );
}

function textLimits(ctx: { jsonSchema: JsonSchema }): void {
  const schema = ctx.jsonSchema;
  // z.int()'s own bounds (the safe integers) say nothing a client needs.
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  const { minChars, maxChars } = schema;
  delete schema.minChars;
  delete schema.maxChars;
  if (typeof minChars === 'number') schema.minLength = minChars;
  if (typeof maxChars === 'number') schema.maxLength = maxChars;
}

/** The document names its dialect once (jsonSchemaDialect); each schema need not. */
function strip(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}
