import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { httpLogSerializers, RouteIndex, type Logger } from '@tracey/common';
import type { ApiConfig } from './config.js';
import type { QueryGraph } from './graph/query-graph.js';
import { createApiMetrics, registerMetrics } from './http/api-metrics.js';
import { translateError } from './http/error-translator.js';
import { registerOpenApi } from './http/open-api.js';
import { LIMITS } from './limits.js';
import { cypherRoutes } from './routes/cypher.routes.js';
import { eventRepositoryRoutes } from './routes/event-repository.routes.js';
import { eventRoutes } from './routes/events.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { leadTimeRoutes } from './routes/lead-time.routes.js';
import { missingLinksRoutes } from './routes/missing-links.routes.js';
import { reportRoutes } from './routes/reports.routes.js';
import type { RouteContext } from './routes/route-context.js';

export interface BuildAppOptions {
  readonly graph: QueryGraph;
  /** Access settings; the search settings default to {@link LIMITS}' values. */
  readonly config: Pick<ApiConfig, 'apiToken' | 'readAuth'> &
    Partial<Pick<ApiConfig, 'clockSkewMs' | 'searchBudget'>> & {
      readonly quickSearchMs?: number;
      /** Whether lead time tries the history index before searching. Default `true`. */
      readonly historyIndex?: boolean;
    };
  readonly logger: Logger;
  /** Close the graph when the app closes. Default `false`: the caller owns it. */
  readonly closeGraph?: boolean;
}

/**
 * The query API as a fastify instance, not listening: `main.ts` listens, tests `inject()`.
 * Every error leaves through {@link translateError}: `{error: {code, message, details}}`.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  // Typed as the base logger: the routes do not depend on pino's own logger type.
  const loggerInstance: FastifyBaseLogger = options.logger.child(
    { component: 'http' },
    { serializers: httpLogSerializers },
  );
  const app: FastifyInstance = Fastify({
    loggerInstance,
    bodyLimit: 1_048_576,
    // URLs the router refuses before any route (bad percent-encoding, a parameter over its
    // length) answer in the same error shape as everything else.
    frameworkErrors: (error, _request, reply) => {
      const translation = translateError(error);
      void (reply as FastifyReply).code(translation.status).send(translation.body);
    },
  });
  // Bodies are JSON: fastify would hand a text/plain body to the routes as a string, to fail
  // their validation with 400 where every other type is refused with 415.
  app.removeContentTypeParser('text/plain');
  const context: RouteContext = {
    graph: options.graph,
    config: options.config,
    search: {
      clockSkewMs: options.config.clockSkewMs ?? LIMITS.clockSkewMs,
      searchBudget: options.config.searchBudget ?? LIMITS.searchBudget,
      quickSearchMs: options.config.quickSearchMs ?? LIMITS.quickSearchMs,
      historyIndex: options.config.historyIndex ?? true,
    },
  };
  app.setErrorHandler((error, request, reply) => {
    const translation = translateError(error);
    if (translation.serverFault) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: translation.body.error.code }, translation.body.error.message);
    return reply.code(translation.status).send(translation.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'API_NOT_FOUND', message: `no route ${request.method} ${request.url}`, details: {} },
    }),
  );
  // `GET /`: the URLs of the service, as its routes are registered (before any, to see them all).
  const index = new RouteIndex('tracey-api', {
    docs: '/docs',
    openapi: '/openapi.json',
    health: '/health',
    ready: '/ready',
    metrics: '/metrics',
  });
  app.addHook('onRoute', (route) => index.add(route.method, route.url));
  app.get('/', { schema: { hide: true } }, () => index.toJSON());
  registerOpenApi(app);
  registerMetrics(app, createApiMetrics());
  // Routes go in a plugin registered after the OpenAPI one, which documents the routes it sees.
  app.register((api, _options, done) => {
    healthRoutes(api, context);
    eventRoutes(api, context);
    eventRepositoryRoutes(api, context);
    leadTimeRoutes(api, context);
    reportRoutes(api, context);
    missingLinksRoutes(api, context);
    cypherRoutes(api, context);
    done();
  });
  if (options.closeGraph === true) app.addHook('onClose', () => options.graph.close());
  return app;
}
