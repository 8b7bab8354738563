import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { httpLogSerializers, RouteIndex, type Logger } from '@tracey/common';
import type { AdapterExtension } from './adapter-extension.js';
import type { AdapterConfig } from './config.js';
import { translateError } from './http/error-translator.js';
import { LIMITS } from './limits.js';
import { NotificationHandler } from './notification/notification-handler.js';
import type { RecentIds } from './notification/recent-ids.js';
import type { SourceChangeLookup } from './notification/source-change-lookup.js';
import type { StoredEvents } from './notification/stored-events.js';
import { createAdapterMetrics, type AdapterMetrics } from './ops/adapter-metrics.js';
import type { EventPublisher } from './publishing/event-publisher.js';
import type { IntakeSpoolState } from './publishing/intake-spool.js';
import { eventRoutes } from './routes/events.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { registerOpenApi } from './open-api.js';
import { notificationRoutes } from './routes/notification.routes.js';
import { tokenGuard, type AdapterContext } from './routes/route-context.js';

export interface BuildAppOptions {
  readonly config: Pick<AdapterConfig, 'adapterToken' | 'purlTemplate'>;
  readonly logger: Logger;
  /** Where events go; the caller owns its output and shuts it down after the app closes. */
  readonly publisher: EventPublisher;
  /** Finds the source change of a build's commit (the query API in production). */
  readonly sourceChanges: SourceChangeLookup;
  /** Tells whether a build's triggered event is stored already (the query API in production). */
  readonly storedEvents?: StoredEvents;
  /** What waits in the publisher's durable spool, for `/ready` and `/metrics`; none without. */
  readonly spoolState?: () => IntakeSpoolState;
  /** Resolves when the broker takes a connection, for `/ready`. */
  readonly brokerReady: () => Promise<void>;
  /** Default: a new set of the adapter's series. */
  readonly metrics?: AdapterMetrics;
  /** Modules plugged into the app (the triggers): their routes and lifecycle. */
  readonly extensions?: readonly AdapterExtension[];
  /** Triggered events already confirmed (tests share one across apps). */
  readonly recentTriggered?: RecentIds;
}

/**
 * The Jenkins adapter as a fastify instance, not listening: `main.ts` listens, tests `inject()`.
 * Every error leaves through {@link translateError}: `{error: {code, message, details}}`.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  // Typed as the base logger: the routes do not depend on pino's own logger type.
  const loggerInstance: FastifyBaseLogger = options.logger.child(
    { component: 'http' },
    { serializers: httpLogSerializers },
  );
  const app: FastifyInstance = Fastify({ loggerInstance, bodyLimit: LIMITS.notificationBytes });
  // Bodies are JSON: fastify would hand a text/plain body to the routes as a string, to fail
  // their validation with 400 where every other type is refused with 415.
  app.removeContentTypeParser('text/plain');
  const metrics = options.metrics ?? createAdapterMetrics();
  const extensions = options.extensions ?? [];
  const context: AdapterContext = {
    logger: options.logger,
    metrics,
    publisher: options.publisher,
    spoolState: options.spoolState,
    guard: tokenGuard(options.config.adapterToken),
  };
  app.setErrorHandler((error, request, reply) => {
    const translation = translateError(error);
    metrics.rejectedRequests.inc(1, { code: translation.body.error.code });
    if (translation.serverFault) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: translation.body.error.code }, translation.body.error.message);
    return reply.code(translation.status).send(translation.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'ADAPTER_NOT_FOUND', message: `no route ${request.method} ${request.url}`, details: {} },
    }),
  );
  const handler = new NotificationHandler({
    publisher: options.publisher,
    sourceChanges: options.sourceChanges,
    storedEvents: options.storedEvents,
    purlTemplate: options.config.purlTemplate,
    logger: options.logger.child({ component: 'notifications' }),
    ...(options.recentTriggered === undefined ? {} : { recent: options.recentTriggered }),
  });
  // `GET /`: the URLs of the service, as its routes are registered (before any, to see them all).
  const index = new RouteIndex('tracey-jenkins-adapter', {
    openapi: '/openapi.json',
    health: '/health',
    ready: '/ready',
    metrics: '/metrics',
  });
  app.addHook('onRoute', (route) => index.add(route.method, route.url));
  app.get('/', { schema: { hide: true } }, () => index.toJSON());
  registerOpenApi(app);
  // Routes go in a plugin registered after the OpenAPI one, which documents the routes it sees.
  app.register((routes, _options, done) => {
    healthRoutes(routes, context, { broker: options.brokerReady, extensions });
    notificationRoutes(routes, context, handler);
    eventRoutes(routes, context);
    for (const extension of extensions) extension.routes?.(routes, context);
    done();
  });
  app.addHook('onReady', async () => {
    for (const extension of extensions) await extension.start?.();
  });
  app.addHook('onClose', async () => {
    // Last started, first stopped; one that fails to stop does not keep the others running.
    for (const extension of [...extensions].reverse()) {
      await extension.stop?.().catch((error: unknown) => {
        options.logger.error({ err: error, extension: extension.name }, 'extension failed to stop');
      });
    }
  });
  return app;
}
