import type { FastifyInstance } from 'fastify';
import { createCounter, createHistogram, createMetricsRegistry } from '@tracey/http-kit';

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The query API's series: requests by route and status, and how long they took. */
export function createApiMetrics() {
  const registry = createMetricsRegistry();
  return {
    registry,
    requests: createCounter(
      registry,
      'tracey_api_requests_total',
      'HTTP requests answered, by method, route and status.',
      ['method', 'route', 'status'],
    ),
    seconds: createHistogram(
      registry,
      'tracey_api_request_duration_seconds',
      'Time from a request arriving to its answer sent, by method and route.',
      SECONDS,
      ['method', 'route'],
    ),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** Route label of a request that matched no route: one series, whatever the path was. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts and times every answer by its route pattern (`/events/:id`, never the path itself,
 * so ids do not multiply the series); the kit's `/metrics` serves them.
 */
export function countRequests(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const method = request.method;
    metrics.requests.inc({ method, route, status: String(reply.statusCode) });
    metrics.seconds.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}
