import type { FastifyInstance } from 'fastify';
import { DEFAULT_DORA_CONFIG, type DoraConfig } from '@tracey/dora';
import type { Logger } from '@tracey/common';
import { AuditLog, createServiceApp, tokenHolder, TokenStore, type Readiness } from '@tracey/http-kit';
import { auditRoutes } from './routes/audit.routes.js';
import type { ApiConfig } from './config.js';
import type { QueryGraph } from './graph/query-graph.js';
import { API_ERRORS } from './http/api-error-table.js';
import { countRequests, createApiMetrics } from './http/api-metrics.js';
import { doraMetrics } from './http/dora-metrics.js';
import { pushDoraOverOtlp, type DoraOtlpOptions } from './http/dora-otlp.js';
import { registerOpenApi } from './http/open-api.js';
import { registerWebUi } from './http/web-ui.js';
import { UI_ASSETS_DIR } from '@tracey/ui';
import { LIMITS } from './limits.js';
import { cypherRoutes } from './routes/cypher.routes.js';
import { doraRoutes } from './routes/dora.routes.js';
import { eventRepositoryRoutes } from './routes/event-repository.routes.js';
import { eventRoutes } from './routes/events.routes.js';
import { leadTimeRoutes } from './routes/lead-time.routes.js';
import { missingLinksRoutes } from './routes/missing-links.routes.js';
import { reportRoutes } from './routes/reports.routes.js';
import { callerOf, routeScope, type RouteContext } from './routes/route-context.js';
import { liveRoutes, type LiveRouteOptions } from './routes/live.routes.js';
import type { LiveEvents } from './live/live-events.js';

export interface BuildAppOptions {
  readonly graph: QueryGraph;
  /** Access settings; the search settings default to {@link LIMITS}' values. */
  readonly config: Pick<ApiConfig, 'apiToken' | 'readAuth'> &
    Partial<Pick<ApiConfig, 'tokensFile'>> &
    Partial<
      Pick<
        ApiConfig,
        | 'clockSkewMs'
        | 'searchBudget'
        | 'rateLimit'
        | 'rateLimitWindowMs'
        | 'corsOrigins'
        | 'tlsCert'
        | 'tlsKey'
      >
    > & {
      readonly quickSearchMs?: number;
      /** Whether lead time tries the history index before searching. Default `true`. */
      readonly historyIndex?: boolean;
    };
  readonly logger: Logger;
  /** What the DORA keys count as what (`TRACEY_DORA_CONFIG`). Default: the defaults of `@tracey/dora`. */
  readonly dora?: DoraConfig;
  /** The clock of default time windows. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * The DORA series on /metrics: their window and the shortest time between two computations (ms);
   * `false` or a window of 0: none. Default: none (the service's main gives the configured ones).
   */
  readonly doraMetrics?: { readonly windowMs: number; readonly intervalMs: number } | false;
  /** Also push the DORA series over OTLP (with `doraMetrics` on); stopped when the app closes. */
  readonly doraOtlp?: DoraOtlpOptions;
  /**
   * The tokens it takes; default: `config.tokensFile`'s and `config.apiToken` (every scope). The
   * caller reloads it (SIGHUP).
   */
  readonly tokens?: TokenStore;
  /** The audit trail; default: in memory (the service's main gives it TRACEY_AUDIT_FILE). */
  readonly audit?: AuditLog;
  /** New events from the broker for `GET /events/live`; without it the route is not there. */
  readonly live?: LiveEvents;
  readonly liveOptions?: LiveRouteOptions;
  /** Directory of the built web UI served under /ui/; `false`: no UI. Default: the ui package's build. */
  readonly ui?: string | false;
  /** Close the graph when the app closes. Default `false`: the caller owns it. */
  readonly closeGraph?: boolean;
}

/**
 * The query API as a fastify instance, not listening: `main.ts` listens, tests `inject()`.
 * Every error leaves through the kit's translator with {@link API_ERRORS}: `{error: {code, message, details}}`.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const tokens =
    options.tokens ??
    new TokenStore({
      file: options.config.tokensFile,
      single: { name: 'TRACEY_API_TOKEN', token: options.config.apiToken },
    });
  const context: RouteContext = {
    graph: options.graph,
    config: options.config,
    tokens,
    audit: options.audit ?? new AuditLog({ logger: options.logger }),
    search: {
      clockSkewMs: options.config.clockSkewMs ?? LIMITS.clockSkewMs,
      searchBudget: options.config.searchBudget ?? LIMITS.searchBudget,
      quickSearchMs: options.config.quickSearchMs ?? LIMITS.quickSearchMs,
      historyIndex: options.config.historyIndex ?? true,
    },
  };
  const metrics = createApiMetrics();
  const dora =
    options.doraMetrics === undefined || options.doraMetrics === false || options.doraMetrics.windowMs <= 0
      ? undefined
      : doraMetrics(metrics.registry, {
          graph: options.graph,
          config: options.dora ?? DEFAULT_DORA_CONFIG,
          limits: {
            clockSkewMs: context.search.clockSkewMs,
            deltaBudget: context.search.searchBudget,
            timeoutMs: LIMITS.queryTimeoutMs,
          },
          logger: options.logger,
          now: options.now ?? Date.now,
          ...options.doraMetrics,
        });
  const app = createServiceApp({
    name: 'tracey-api',
    logger: options.logger,
    ...(options.config.rateLimit === undefined
      ? {}
      : {
          rateLimit: {
            max: options.config.rateLimit,
            windowMs: options.config.rateLimitWindowMs ?? 1000,
            // A token's queries at once: what keeps one caller's burst from slowing the others.
            maxInFlight: 8,
            // A flooding token's allowed queries one by one: others' queries meet at most one of them.
            oneAtATimeWhenLimited: true,
            streams: ['/events/live'],
            // Refused before the token is looked at; the trail gets one entry per caller and window.
            onLimited: (request) => {
              context.audit.record({
                kind: 'refused',
                actor: tokenHolder(request.headers.authorization, context.tokens)?.name ?? null,
                reason: 'rate-limited',
                method: request.method,
                route: request.routeOptions.url ?? request.url,
                ip: request.ip,
              });
            },
          },
        }),
    errors: API_ERRORS,
    ...(options.config.corsOrigins === undefined ? {} : { corsOrigins: options.config.corsOrigins }),
    tls: { certFile: options.config.tlsCert, keyFile: options.config.tlsKey },
    links: { docs: '/docs', openapi: '/openapi.json', ...(options.ui === false ? {} : { ui: '/ui/' }) },
    metrics: metrics.registry,
    ...(dora === undefined ? {} : { refreshMetrics: () => dora.refresh() }),
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
  if (dora !== undefined && options.doraOtlp !== undefined) {
    const push = pushDoraOverOtlp(dora, options.doraOtlp);
    app.addHook('onClose', () => push.shutdown());
  }
  // Every call made with a known token, with its answer's status.
  app.addHook('onResponse', (request, reply, done) => {
    const actor = callerOf(request);
    if (actor !== null) {
      context.audit.record({
        kind: 'request',
        actor,
        method: request.method,
        route: request.routeOptions.url ?? request.url,
        status: reply.statusCode,
      });
    }
    done();
  });
  // The OpenAPI document says which scope each route needs (`x-tracey-scope`, and the bearer scheme).
  app.addHook('onRoute', (route) => {
    const scope = routeScope(route.onRequest);
    if (scope === undefined || scope === 'public' || route.schema === undefined) return;
    const readOnly = scope === 'read' ? ' (only when TRACEY_API_READ_AUTH=required)' : '';
    route.schema = {
      ...route.schema,
      security: [{ bearer: [] }],
      'x-tracey-scope': scope,
      description: `${route.schema.description ?? ''}${route.schema.description === undefined ? '' : '\n\n'}Token scope: \`${scope}\`${readOnly}.`,
    } as typeof route.schema;
  });
  app.register((api, _options, done) => {
    eventRoutes(api, context);
    eventRepositoryRoutes(api, context);
    leadTimeRoutes(api, context);
    reportRoutes(api, context);
    missingLinksRoutes(api, context);
    cypherRoutes(api, context);
    auditRoutes(api, context);
    doraRoutes(api, context, { config: options.dora ?? DEFAULT_DORA_CONFIG, now: options.now ?? Date.now });
    if (options.live !== undefined) liveRoutes(api, context, options.live, options.liveOptions);
    done();
  });
  if (options.ui !== false) registerWebUi(app, options.ui ?? UI_ASSETS_DIR);
  if (options.closeGraph === true) app.addHook('onClose', () => options.graph.close());
  if (options.live !== undefined) {
    const live = options.live;
    app.addHook('onClose', () => live.stop());
  }
  return app;
}
