import type { z } from 'zod';
import { apiError } from '../api-error.js';

/**
 * Parses request input with its zod schema.
 * @throws API_BAD_REQUEST listing every issue (`path: message`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path === '' ? where : issue.path}: ${issue.message}`);
  throw apiError('API_BAD_REQUEST', `invalid ${where}: ${summary.join('; ')}`, { issues });
}
