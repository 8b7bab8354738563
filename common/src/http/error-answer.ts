import { z } from 'zod';

/** The body of every error answer of every Tracey HTTP service (docs/errors.md). */
export const errorAnswer = z
  .object({
    error: z.object({
      code: z.string().describe('Stable error code (docs/errors.md).'),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .describe('Error: {"error": {"code", "message", "details"}}.');
export type ErrorAnswerBody = z.output<typeof errorAnswer>;

/** A route's response schemas for its error statuses: the error body for each. */
export function errorAnswers<S extends number>(statuses: readonly S[]): Record<S, typeof errorAnswer> {
  return Object.fromEntries(statuses.map((status) => [status, errorAnswer])) as Record<S, typeof errorAnswer>;
}
