import { TraceyError } from '@tracey/common';
import type { z } from 'zod';

/**
 * The code of {@link parseInput}'s refusals. It never reaches the wire: each service's error
 * translator answers it with the service's own bad-request code (`API_BAD_REQUEST`, …).
 */
export const INPUT_ERROR_CODE = 'HTTP_INVALID_INPUT';

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
 * Parses request input with its zod schema; `where` names the part (`query`, `body`, `path`).
 * @throws a refusal listing every issue (`path: message`) in its message and `details.issues`,
 *   answered 400 with the service's bad-request code.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = inputIssues(result.error);
  const summary = issues.map((issue) => `${issue.path === '' ? where : issue.path}: ${issue.message}`);
  throw new TraceyError(INPUT_ERROR_CODE, `invalid ${where}: ${summary.join('; ')}`, { details: { issues } });
}
