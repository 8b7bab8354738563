import type { FastifyInstance } from 'fastify';
import { parseInput } from '../http/parse-input.js';
import { LIMITS } from '../limits.js';
import { leadTimeStats } from '../queries/lead-time-stats.js';
import { traceContents } from '../queries/trace-contents.js';
import { traceReleases } from '../queries/trace-releases.js';
import { guard, type RouteContext } from './route-context.js';
import { eventIdParams } from './route-schemas.js';
import { leadTimeStatsQuery, traceQuery } from './report-schemas.js';

const readOptions = { timeoutMs: LIMITS.queryTimeoutMs };

/**
 * The reports: `GET /trace/:id/contents` (trace-down from a release), `GET /trace/:id/releases`
 * (trace-up from a change or work item) and `GET /lead-time/stats` (lead time across events).
 */
export function reportRoutes(app: FastifyInstance, context: RouteContext): void {
  const onRequest = guard(context, 'read');
  app.get('/trace/:id/contents', { onRequest }, async (request) => {
    const { id } = parseInput(eventIdParams, request.params, 'path');
    const query = parseInput(traceQuery, request.query, 'query');
    return context.graph.read('trace contents', (tx) => traceContents(tx, { id, ...query }), readOptions);
  });
  app.get('/trace/:id/releases', { onRequest }, async (request) => {
    const { id } = parseInput(eventIdParams, request.params, 'path');
    const query = parseInput(traceQuery, request.query, 'query');
    return context.graph.read('trace releases', (tx) => traceReleases(tx, { id, ...query }), readOptions);
  });
  app.get('/lead-time/stats', { onRequest }, async (request) => {
    const query = parseInput(leadTimeStatsQuery, request.query, 'query');
    return context.graph.read(
      'lead time stats',
      (tx) =>
        leadTimeStats(tx, {
          from: query.from,
          to: query.to,
          since: query.since ?? null,
          until: query.until ?? null,
          groupBy: query.groupBy,
          limit: LIMITS.maxNodes,
        }),
      readOptions,
    );
  });
}
