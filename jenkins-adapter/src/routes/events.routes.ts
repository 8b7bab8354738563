import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adapterError } from '../adapter-error.js';
import { parseInput } from '../http/parse-input.js';
import { LIMITS } from '../limits.js';
import type { AdapterContext } from './route-context.js';

// Shape only: each event's content is checked by the protocol, item by item.
const submission = z.union(
  [
    z
      .array(z.unknown())
      .min(1, 'send at least one event')
      .max(LIMITS.submissionEvents, `send at most ${LIMITS.submissionEvents} events per request`),
    z.record(z.string(), z.unknown()),
  ],
  { error: `must be an Eiffel event (an object) or an array of 1 to ${LIMITS.submissionEvents} events` },
);

/**
 * `POST /events`: one Eiffel event (an object) or an array of up to 500. Every event is validated
 * on its own; the valid ones are published with publisher confirms. Answers:
 * - 200 every event published, 207 some published and some rejected:
 *   `{published, rejected, unroutable, results: [{index, status, id, errors?}]}`;
 * - 422 `ADAPTER_INVALID_EVENTS` when none is valid (the same `results` in `error.details`);
 * - 503 `ADAPTER_BROKER_UNAVAILABLE` when the broker did not confirm: nothing counts as published.
 */
export function eventRoutes(app: FastifyInstance, context: AdapterContext): void {
  app.post(
    '/events',
    { onRequest: context.guard('token'), bodyLimit: LIMITS.submissionBytes },
    async (request, reply) => {
      const body = parseInput(submission, request.body, 'body');
      const values = Array.isArray(body) ? body : [body];
      const result = await context.publisher.publish(values);
      context.metrics.rejectedEvents.inc(result.rejected);
      context.metrics.published.inc(result.published, { route: 'submission' });
      if (result.published === 0) {
        throw adapterError(
          'ADAPTER_INVALID_EVENTS',
          `${result.rejected === 1 ? 'the event is' : `all ${result.rejected} events are`} invalid`,
          { results: result.results },
        );
      }
      if (result.unroutable.length > 0) {
        request.log.warn({ unroutable: result.unroutable.length }, 'events no queue is bound for');
      }
      return reply.code(result.rejected === 0 ? 200 : 207).send(result);
    },
  );
}
