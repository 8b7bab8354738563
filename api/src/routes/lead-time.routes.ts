import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { leadTimeAnswer } from '../contract/answers.js';
import { LIMITS } from '../limits.js';
import { leadTime } from '../queries/lead-time.js';
import { answers, READ_ERRORS } from './route-answers.js';
import { guard, type RouteContext } from './route-context.js';
import { leadTimeQuery } from './route-schemas.js';

/** `GET /lead-time?from&to`: the time from one event to a downstream one, with the path. */
export function leadTimeRoutes(app: FastifyInstance, context: RouteContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/lead-time',
    {
      onRequest: guard(context, 'read'),
      schema: {
        tags: ['Lead time'],
        summary: 'Time from an event to a downstream one, with the path between them',
        querystring: leadTimeQuery,
        response: answers(leadTimeAnswer, [...READ_ERRORS, 404, 422]),
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return leadTime((work, timeoutMs) => context.graph.read('lead time', work, { timeoutMs }), from, to, {
        clockSkewMs: context.search.clockSkewMs,
        timeoutMs: LIMITS.queryTimeoutMs,
        quickSearchMs: context.search.quickSearchMs,
        historyIndex: context.search.historyIndex,
      });
    },
  );
}
