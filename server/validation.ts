/** Parses request input with zod at the edge; the first problem becomes a 400 naming the field. */
import type { z } from 'zod';
import { invalid } from '../core/errors';

export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  throw invalid(field ? `${field}: ${issue.message}` : issue.message, field || undefined);
}
