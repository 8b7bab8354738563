import { z } from 'zod';
import { errorAnswers as commonErrorAnswers, type errorAnswer } from '@tracey/common';

const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const issue = z.object({ path: z.string(), message: z.string() });

/** `POST /cloudevents`: what became of each CloudEvent (also `details` of a 422). */
export const cloudEventsAnswer = z.object({
  results: list(
    z.object({
      index: z.number().describe('Index of the CloudEvent in the request (0 for one event).'),
      status: z.enum(['published', 'rejected', 'ignored']),
      id: z
        .string()
        .optional()
        .describe('The CDEvent id; a CloudEvent mapped to several CDEvents has one result each.'),
      cloudEventId: z.string().optional().describe('The CloudEvent id, when it has one.'),
      errors: list(issue)
        .optional()
        .describe('Why a rejected item was rejected (the attribute or field, the reason).'),
      reason: z.string().optional().describe('Why an ignored CloudEvent maps to no CDEvent.'),
    }),
  ),
  published: z.number().describe('CDEvents the broker (or the spool) took.'),
  rejected: z.number(),
  ignored: z.number().describe('CloudEvents that map to no CDEvent (a status-only update).'),
  spooled: z.number().describe('Of the published, events waiting in the durable spool for the broker.'),
  unroutable: list(z.string()).describe('Ids the broker took but no queue was bound for.'),
});

export type CloudEventsAnswer = z.infer<typeof cloudEventsAnswer>;
export type ItemAnswer = CloudEventsAnswer['results'][number];

/** The error body for each of `statuses`. */
export function errorAnswers<S extends 400 | 401 | 413 | 415 | 422 | 500 | 503>(
  statuses: readonly S[],
): Record<S, typeof errorAnswer> {
  return commonErrorAnswers(statuses);
}
