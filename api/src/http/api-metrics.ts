import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, MetricsRegistry } from '@tracey/aggregator';

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The query API's series: requests by route and status, and how long they took. */
export function createApiMetrics() {
  const registry = new MetricsRegistry();
  return {
    registry,
    requests: registry.register(
      new Counter('tracey_api_requests_total', 'HTTP requests answered, by method, route and status.'),
    ),
    seconds: registry.register(
      new Histogram(
        'tracey_api_request_duration_seconds',
        'Time from a request arriving to its answer sent, by method and route.',
        SECONDS,
      ),
    ),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** Route label of a request that matched no route: one series, whatever the path was. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts and times every answer by its route pattern (`/events/:id`, never the path itself,
 * so ids do not multiply the series) and serves the Prometheus text at `/metrics`.
 */
export function registerMetrics(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const method = request.method;
    metrics.requests.inc(1, { method, route, status: String(reply.statusCode) });
    metrics.seconds.observe(reply.elapsedTime / 1000, { method, route });
    done();
  });
  app.register((instance, _options, done) => {
    instance.get(
      '/metrics',
      {
        schema: {
          tags: ['Operations'],
          summary: 'Prometheus metrics of this process',
          response: {
            200: {
              description: 'The Prometheus text format.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
      (_request, reply) => {
        void reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.registry.render());
      },
    );
    done();
  });
}
