import type { z } from 'zod';
import { adapterError } from '../adapter-error.js';

/** One reason an input is refused: where, and why. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

/** zod's issues as `{path, message}`, paths dotted (`build.phase`). */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Parses request input with its zod schema.
 * @throws ADAPTER_BAD_REQUEST listing every issue (`path: message`) in the message and `details.issues`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = inputIssues(result.error);
  const summary = issues.map((issue) => `${issue.path === '' ? where : issue.path}: ${issue.message}`);
  throw adapterError('ADAPTER_BAD_REQUEST', `invalid ${where}: ${summary.join('; ')}`, { issues });
}
