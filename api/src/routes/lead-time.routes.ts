import type { FastifyInstance } from 'fastify';
import { parseInput } from '@tracey/http-kit';
import { LIMITS } from '../limits.js';
import { leadTime } from '../queries/lead-time.js';
import { guard, type RouteContext } from './route-context.js';
import { leadTimeQuery } from './route-schemas.js';

/** `GET /lead-time?from&to`: the time from one event to a downstream one, with the path. */
export function leadTimeRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get(
    '/lead-time',
    {
      onRequest: guard(context, 'read'),
      schema: {
        tags: ['Lead time'],
        summary: 'Time from an event to a downstream one, with the path between them',
        querystring: leadTimeQuery,
      },
    },
    async (request) => {
      const { from, to } = parseInput(leadTimeQuery, request.query, 'query');
      return leadTime((work, timeoutMs) => context.graph.read('lead time', work, { timeoutMs }), from, to, {
        clockSkewMs: context.search.clockSkewMs,
        timeoutMs: LIMITS.queryTimeoutMs,
        quickSearchMs: context.search.quickSearchMs,
        historyIndex: context.search.historyIndex,
      });
    },
  );
}
