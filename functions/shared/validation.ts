import { safeParse } from 'zod/mini';
import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import { type FieldProblem, InvalidInput } from './errors';

/** Turns zod issues into field problems keyed by dotted path; the first problem of a field wins. */
function fieldProblems(issues: readonly $ZodIssue[]): Record<string, FieldProblem> {
  const fields: Record<string, FieldProblem> = {};
  const add = (path: string, problem: FieldProblem) => {
    if (!(path in fields)) fields[path] = problem;
  };
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) add(path ? `${path}.${key}` : key, { key: 'field.unknown' });
        break;
      case 'invalid_type':
        add(path, { key: issue.input === undefined ? 'field.required' : 'field.invalid_type' });
        break;
      case 'too_small':
        add(
          path,
          (issue.origin === 'string' || issue.origin === 'array') &&
            (Number(issue.minimum) <= 1 || issue.input === '')
            ? { key: 'field.required' }
            : { key: 'field.too_short', params: { min: Number(issue.minimum) } },
        );
        break;
      case 'too_big':
        add(path, { key: 'field.too_long', params: { max: Number(issue.maximum) } });
        break;
      case 'invalid_value':
        add(path, { key: 'field.invalid_choice' });
        break;
      case 'custom': {
        const params = (issue.params ?? {}) as { key?: FieldProblem['key']; params?: FieldProblem['params'] };
        add(path, params.key ? { key: params.key, params: params.params ?? {} } : { key: 'field.invalid' });
        break;
      }
      default:
        add(path, { key: 'field.invalid' });
    }
  }
  return fields;
}

/**
 * Parses with a schema, classic zod or zod/mini (the function form of safeParse takes both), or
 * throws InvalidInput naming each wrong field.
 */
export function parseInput<S extends $ZodType>(schema: S, input: unknown): output<S> {
  // reportInput tells a missing field (input undefined) from a wrong one; issues are never logged.
  const result = safeParse(schema, input, { reportInput: true });
  if (!result.success) throw new InvalidInput(fieldProblems(result.error.issues));
  return result.data;
}
