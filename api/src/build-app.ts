import type { FastifyInstance } from 'fastify';
import type { Logger } from '@tracey/common';
import { createServiceApp, type Readiness } from '@tracey/http-kit';
import type { ApiConfig } from './config.js';
import type { QueryGraph } from './graph/query-graph.js';
import { API_ERRORS } from './http/api-error-table.js';
import { countRequests, createApiMetrics } from './http/api-metrics.js';
import { registerOpenApi } from './http/open-api.js';
import { LIMITS } from './limits.js';
import { cypherRoutes } from './routes/cypher.routes.js';
import { eventRepositoryRoutes } from './routes/event-repository.routes.js';
import { eventRoutes } from './routes/events.routes.js';
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
 * Every error leaves through the kit's translator with {@link API_ERRORS}: `{error: {code, message, details}}`.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
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
  const metrics = createApiMetrics();
  const app = createServiceApp({
    name: 'tracey-api',
    logger: options.logger,
    errors: API_ERRORS,
    links: { docs: '/docs', openapi: '/openapi.json' },
    metrics: metrics.registry,
    readiness: async (): Promise<Readiness> => {
      try {
        await options.graph.ping();
        return { ready: true };
      } catch (error) {
        options.logger.warn({ err: error }, 'not ready: Neo4j does not answer');
        return { ready: false, code: 'API_UNAVAILABLE', message: 'the graph database does not answer' };
      }
    },
    // The OpenAPI document sees the routes registered after it: all of them.
    beforeRoutes: registerOpenApi,
  });
  countRequests(app, metrics);
  app.register((api, _options, done) => {
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
