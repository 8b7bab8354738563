import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { adapterError, type EventPublisher } from '@tracey/intake';
import { toPipelineEvents, type CloudEventMapper } from '@tracey/mapping';
import type { RequestGuard } from '@tracey/http-kit';
import { cloudEventsAnswer, errorAnswers, type CloudEventsAnswer, type ItemAnswer } from '../answers.js';
import { LIMITS } from '../limits.js';
import type { WebhookMetrics } from '../metrics.js';
import { BATCH, readCloudEvents, STRUCTURED } from '../read-cloud-events.js';

export interface CloudEventsRouteContext {
  readonly publisher: EventPublisher;
  readonly mappers: readonly CloudEventMapper[];
  readonly metrics: WebhookMetrics;
  /** The token check of the routes that write. */
  readonly guard: RequestGuard;
}

/**
 * `POST /cloudevents`: CloudEvents over HTTP, each mapped to CDEvents (`@tracey/mapping`), the
 * CDEvents published with publisher confirms. Results are per CloudEvent index; answers as
 * `POST /events` of the Jenkins adapter (200, 202, 207, 422, 503).
 */
export function cloudEventsRoutes(app: FastifyInstance, context: CloudEventsRouteContext): void {
  // Every body arrives as bytes: the CloudEvents SDK reads it, whatever the content type of a
  // binary-mode event's data is; a request that is no CloudEvent gets 415 from the handler.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.withTypeProvider<ZodTypeProvider>().post(
    '/cloudevents',
    {
      onRequest: context.guard,
      bodyLimit: Math.max(LIMITS.bodyBytes, context.publisher.maxEventBytes),
      schema: {
        tags: ['CloudEvents'],
        summary:
          'CloudEvents in (structured, binary, batch), mapped to CDEvents, published with publisher confirms',
        description:
          `Structured mode (${STRUCTURED}), a batch (${BATCH}, 1 to ${LIMITS.batchEvents}) or binary mode ` +
          '(ce-* headers). CDEvents pass through; other CloudEvents go through the mappers. 200 every ' +
          'CDEvent published, 202 some wait in the durable spool, 207 some CloudEvents rejected; 422 ' +
          'ADAPTER_INVALID_EVENTS when none is valid (the same results in error.details). An ignored ' +
          'CloudEvent (mapped to nothing) is no error.',
        security: [{ bearer: [] }],
        response: {
          200: cloudEventsAnswer,
          202: cloudEventsAnswer,
          207: cloudEventsAnswer,
          ...errorAnswers([400, 401, 413, 415, 422, 500, 503]),
        },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : undefined;
      const answer = await intake(readCloudEvents(request.headers, body), context);
      if (answer.published === 0 && answer.rejected > 0) {
        throw adapterError(
          'ADAPTER_INVALID_EVENTS',
          answer.rejected === 1 && answer.results.length === 1
            ? 'the CloudEvent is invalid'
            : `no CloudEvent gives a valid CDEvent (${answer.rejected} rejected)`,
          { results: answer.results },
        );
      }
      if (answer.unroutable.length > 0) {
        request.log.warn({ unroutable: answer.unroutable.length }, 'events no queue is bound for');
      }
      return reply.code(answer.rejected > 0 ? 207 : answer.spooled > 0 ? 202 : 200).send(answer);
    },
  );
}

/** Maps each CloudEvent, publishes the CDEvents, and gives a result per CloudEvent (per CDEvent). */
export async function intake(
  items: ReturnType<typeof readCloudEvents>,
  context: CloudEventsRouteContext,
): Promise<CloudEventsAnswer> {
  // Per CloudEvent, in order: its results, filled in once the CDEvents are published.
  const byItem: ItemAnswer[][] = items.map(() => []);
  const values: unknown[] = [];
  const origins: { item: number; cloudEventId: string }[] = [];
  let ignored = 0;
  for (const item of items) {
    if (!item.ok) {
      byItem[item.index]?.push({
        index: item.index,
        status: 'rejected',
        ...(item.id === undefined ? {} : { cloudEventId: item.id }),
        errors: [{ path: item.field, message: item.reason }],
      });
      context.metrics.cloudEvents.inc({ outcome: 'rejected' });
      continue;
    }
    const cloudEventId = item.event.id;
    const mapped = toPipelineEvents(item.event, context.mappers);
    if (!mapped.ok) {
      byItem[item.index]?.push({
        index: item.index,
        status: 'rejected',
        cloudEventId,
        errors: [{ path: mapped.field ?? '', message: mapped.reason }],
      });
      context.metrics.cloudEvents.inc({ outcome: 'rejected' });
    } else if (mapped.events.length === 0) {
      ignored += 1;
      byItem[item.index]?.push({
        index: item.index,
        status: 'ignored',
        cloudEventId,
        reason: mapped.note ?? `mapper ${mapped.mapper} gives no CDEvent for it`,
      });
      context.metrics.cloudEvents.inc({ outcome: 'ignored' });
    } else {
      for (const value of mapped.events) {
        values.push(value);
        origins.push({ item: item.index, cloudEventId });
      }
      context.metrics.cloudEvents.inc({ outcome: 'mapped' });
    }
  }
  let published = 0;
  let spooled = 0;
  let unroutable: readonly string[] = [];
  if (values.length > 0) {
    const result = await context.publisher.publish(values);
    published = result.published;
    spooled = result.spooled;
    unroutable = result.unroutable;
    context.metrics.published.inc(result.published - result.spooled);
    context.metrics.spooled.inc(result.spooled);
    for (const itemResult of result.results) {
      const origin = origins[itemResult.index];
      if (origin === undefined) continue;
      const base = { index: origin.item, cloudEventId: origin.cloudEventId };
      byItem[origin.item]?.push(
        itemResult.status === 'published'
          ? { ...base, status: 'published', id: itemResult.id }
          : {
              ...base,
              status: 'rejected',
              ...(itemResult.id === undefined ? {} : { id: itemResult.id }),
              // The CDEvent is the CloudEvent's data: its fields are named from there.
              errors: itemResult.errors.map((issue) => ({
                path: issue.path === '' ? 'data' : `data.${issue.path}`,
                message: issue.message,
              })),
            },
      );
    }
  }
  const results = byItem.flat();
  return {
    results,
    published,
    rejected: results.filter((result) => result.status === 'rejected').length,
    ignored,
    spooled,
    unroutable,
  };
}
