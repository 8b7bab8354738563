import { z } from 'zod';
import { errorAnswer, errorAnswers as commonErrorAnswers } from '@tracey/common';

export { errorAnswer };

// What the Jenkins adapter answers, one zod schema per answer: the routes' response schemas,
// documented in /openapi.json and serializing the replies. Numbers are `z.number()`, never
// `.int()`: a serializer would truncate what an integer schema gets. Lists are read-only, as the
// answers' types hold them.

/** A read-only list of `item`. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

const issue = z.object({ path: z.string(), message: z.string() });

/** `POST /events`: what became of each submitted value (also `details` of a 422). */
export const publishAnswer = z.object({
  results: list(
    z.object({
      index: z.number(),
      status: z.enum(['published', 'rejected']),
      id: z.string().optional().describe('The id the value claims; absent on a rejected value without one.'),
      errors: list(issue).optional().describe('Why a rejected value was rejected.'),
    }),
  ),
  published: z.number(),
  rejected: z.number(),
  spooled: z.number().describe('Of the published, events waiting in the durable spool for the broker.'),
  unroutable: list(z.string()).describe('Ids the broker took but no queue was bound for.'),
});

/** `POST /jenkins/notification`. */
export const notificationAnswer = z.object({
  phase: z.enum(['QUEUED', 'STARTED', 'COMPLETED', 'FINALIZED']),
  activity: z.string().describe("The build's triggered event, which the other events link to."),
  events: list(z.object({ id: z.string(), type: z.string() })),
  spooled: z.number().describe('Of those, events waiting in the durable spool (the answer is then 202).'),
  warnings: list(z.string()),
});

const spool = z.object({
  events: z.number(),
  bytes: z.number(),
  maxBytes: z.number(),
  oldestAgeSeconds: z.number(),
  lastError: z.string().optional(),
});

/** `GET /health`. */
export const healthAnswer = z.object({ status: z.literal('ok') });

/** `GET /ready`: with a spool, what waits in it and whether the broker answers. */
export const readyAnswer = z.object({
  status: z.literal('ready'),
  broker: z.string().optional(),
  spool: spool.optional(),
});

/** `GET /triggers/failed`. */
export const failedTriggersAnswer = z.object({
  enabled: z.boolean(),
  total: z.number(),
  entries: list(
    z.object({
      rule: z.string(),
      eventId: z.string(),
      eventType: z.string(),
      reason: z.string(),
      attempts: z.number(),
      parkedAt: z.string(),
      lastAttemptAt: z.string(),
    }),
  ),
});

/** `POST /triggers/failed/replay`. */
export const replayAnswer = z.object({
  results: list(
    z.object({
      rule: z.string(),
      eventId: z.string(),
      outcome: z.enum(['fired', 'parked', 'skipped-duplicate', 'not-matched', 'rule-missing', 'in-progress']),
      reason: z.string(),
    }),
  ),
  notTried: z.number(),
});

/** `GET /triggers/history`. */
export const triggerHistoryAnswer = z.object({
  enabled: z.boolean(),
  rules: list(z.string()),
  entries: list(
    z.object({
      at: z.string(),
      rule: z.string(),
      eventId: z.string(),
      eventType: z.string(),
      decision: z.enum([
        'matched',
        'not-matched',
        'fired',
        'retrying',
        'failed',
        'parked',
        'skipped-duplicate',
      ]),
      reason: z.string(),
      attempt: z.number().optional(),
    }),
  ),
  dropped: z.number(),
});

/** The statuses of the adapter's error answers (docs/errors.md). */
export type ErrorStatus = 400 | 401 | 404 | 413 | 415 | 422 | 500 | 503;

/** The error body for each of `statuses`. */
export function errorAnswers<S extends ErrorStatus>(statuses: readonly S[]): Record<S, typeof errorAnswer> {
  return commonErrorAnswers(statuses);
}
