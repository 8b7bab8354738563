import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { adapterError } from '@tracey/intake';
import { LIMITS } from '../limits.js';
import { errorAnswers, publishAnswer } from './answers.js';
import type { AdapterContext } from './route-context.js';

/**
 * The submitted values: an object is one event, an array holds 1 to 500. Shape only: each
 * event's content is checked by the protocol, item by item.
 */
function submittedValues(body: unknown): readonly unknown[] {
  const reason = Array.isArray(body)
    ? body.length === 0
      ? 'send at least one event'
      : body.length > LIMITS.submissionEvents
        ? `send at most ${LIMITS.submissionEvents} events per request, got ${body.length}`
        : undefined
    : typeof body === 'object' && body !== null
      ? undefined
      : `must be an event (an object: Eiffel or CDEvents) or an array of 1 to ${LIMITS.submissionEvents} events`;
  if (reason !== undefined) {
    throw adapterError('ADAPTER_BAD_REQUEST', `invalid body: ${reason}`, {
      issues: [{ path: '', message: reason }],
    });
  }
  return Array.isArray(body) ? body : [body];
}

/**
 * `POST /events`: one event (an object, Eiffel or a CDEvent) or an array of up to 500. Every event is validated
 * on its own; the valid ones are published with publisher confirms. Answers:
 * - 200 every event published, 202 every event taken but some wait in the spool (`spooled`),
 *   207 some published and some rejected:
 *   `{published, rejected, spooled, unroutable, results: [{index, status, id, errors?}]}`;
 * - 422 `ADAPTER_INVALID_EVENTS` when none is valid (the same `results` in `error.details`);
 * - 503 `ADAPTER_BROKER_UNAVAILABLE` / `ADAPTER_SPOOL_FULL` when neither the broker nor the spool
 *   took them: nothing counts as published.
 */
export function eventRoutes(app: FastifyInstance, context: AdapterContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/events',
    {
      onRequest: context.guard('publish'),
      // A body holds at least one whole event: never less than the largest event taken.
      bodyLimit: Math.max(LIMITS.submissionBytes, context.publisher.maxEventBytes),
      schema: {
        tags: ['Events'],
        summary: 'Eiffel events and CDEvents in, validated one by one, published with publisher confirms',
        description:
          '200 every event published, 202 some wait in the durable spool, 207 some rejected; 422 ' +
          'ADAPTER_INVALID_EVENTS when none is valid (the same results in error.details).',
        security: [{ bearer: [] }],
        // Documentation only (plain JSON Schema is not validated here): the handler checks the
        // shape, and the protocol each event, item by item.
        body: {
          description: `One event (Eiffel or a CDEvent), or an array of 1 to ${LIMITS.submissionEvents}.`,
          anyOf: [
            { type: 'object' },
            { type: 'array', items: { type: 'object' }, minItems: 1, maxItems: LIMITS.submissionEvents },
          ],
        },
        response: {
          200: publishAnswer,
          202: publishAnswer,
          207: publishAnswer,
          ...errorAnswers([400, 401, 413, 415, 422, 500, 503]),
        },
      },
    },
    async (request, reply) => {
      const values = submittedValues(request.body);
      const result = await context.publisher.publish(values);
      context.metrics.rejectedEvents.inc(result.rejected);
      context.metrics.published.inc({ route: 'submission' }, result.published - result.spooled);
      context.metrics.spooled.inc({ route: 'submission' }, result.spooled);
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
      return reply.code(result.rejected > 0 ? 207 : result.spooled > 0 ? 202 : 200).send(result);
    },
  );
}
