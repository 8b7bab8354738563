import type { FastifyInstance } from 'fastify';
import type { Logger } from '@tracey/common';
import { createServiceApp, type AuditLog } from '@tracey/http-kit';
import type { AdapterConfig } from './config.js';
import { ADAPTER_ERRORS, auditedGuard, intakeTokens, type IntakeTokens } from '@tracey/intake';
import { LIMITS } from './limits.js';
import { NotificationHandler } from './notification/notification-handler.js';
import type { RecentIds } from './notification/recent-ids.js';
import type { SourceChangeLookup } from './notification/source-change-lookup.js';
import type { StoredEvents } from './notification/stored-events.js';
import { adapterReadiness, refreshSpoolMetrics, type ReadyCheck } from './ops/adapter-readiness.js';
import { createAdapterMetrics, type AdapterMetrics } from './ops/adapter-metrics.js';
import type { EventPublisher } from '@tracey/intake';
import type { IntakeSpoolState } from '@tracey/intake';
import { eventRoutes } from './routes/events.routes.js';
import { registerOpenApi } from './open-api.js';
import { notificationRoutes } from './routes/notification.routes.js';
import { tokenGuard, type AdapterContext, type AdapterPlugin } from './routes/route-context.js';

export interface BuildAppOptions {
  readonly config: Pick<AdapterConfig, 'adapterToken' | 'purlTemplate'> &
    Partial<Pick<AdapterConfig, 'tokensFile'>> &
    Partial<Pick<AdapterConfig, 'rateLimit' | 'rateLimitWindowMs' | 'tlsCert' | 'tlsKey'>>;
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
  /** Modules plugged into the app (the triggers): fastify plugins given the adapter's context. */
  readonly plugins?: readonly AdapterPlugin[];
  /** The tokens it takes; default: `config.adapterToken` and `config.tokensFile`'s. The caller reloads it (SIGHUP). */
  readonly tokens?: IntakeTokens;
  /** The audit trail of calls, refusals and trigger decisions (`TRACEY_AUDIT_FILE`); none without. */
  readonly audit?: AuditLog;
  /** Triggered events already confirmed (tests share one across apps). */
  readonly recentTriggered?: RecentIds;
}

/**
 * The Jenkins adapter as a fastify instance, not listening: `main.ts` listens, tests `inject()`.
 * Every error leaves through the kit's translator with {@link ADAPTER_ERRORS}: `{error: {code, message, details}}`.
 */
export function buildApp(options: BuildAppOptions): FastifyInstance {
  const metrics = options.metrics ?? createAdapterMetrics();
  const readyChecks: ReadyCheck[] = [];
  const guards = auditedGuard(
    options.tokens ??
      intakeTokens({
        token: options.config.adapterToken,
        tokenName: 'TRACEY_ADAPTER_TOKEN',
        tokensFile: options.config.tokensFile,
      }),
    options.audit,
  );
  const context: AdapterContext = {
    logger: options.logger,
    metrics,
    publisher: options.publisher,
    spoolState: options.spoolState,
    audit: options.audit,
    guard: tokenGuard(guards),
    addReadyCheck: (name, ready) => {
      readyChecks.push({ name, ready });
    },
  };
  const { rateLimit, rateLimitWindowMs } = options.config;
  const app = createServiceApp({
    name: 'tracey-jenkins-adapter',
    logger: options.logger,
    tls: { certFile: options.config.tlsCert, keyFile: options.config.tlsKey },
    ...(rateLimit === undefined
      ? {}
      : { rateLimit: { max: rateLimit, windowMs: rateLimitWindowMs ?? 1000 } }),
    errors: ADAPTER_ERRORS,
    bodyLimit: LIMITS.notificationBytes,
    onErrorAnswer: (translation) => metrics.rejectedRequests.inc({ code: translation.body.error.code }),
    metrics: metrics.registry,
    refreshMetrics: () => refreshSpoolMetrics(context),
    readiness: () => adapterReadiness(context, options.brokerReady, readyChecks),
    links: { openapi: '/openapi.json' },
    // Before the routes: the OpenAPI document describes the routes registered after it.
    beforeRoutes: registerOpenApi,
  });
  guards.watch(app);
  const handler = new NotificationHandler({
    publisher: options.publisher,
    sourceChanges: options.sourceChanges,
    storedEvents: options.storedEvents,
    purlTemplate: options.config.purlTemplate,
    logger: options.logger.child({ component: 'notifications' }),
    ...(options.recentTriggered === undefined ? {} : { recent: options.recentTriggered }),
  });
  app.register((adapter, _options, done) => {
    notificationRoutes(adapter, context, handler);
    eventRoutes(adapter, context);
    done();
  });
  for (const plugin of options.plugins ?? []) app.register(plugin, { context });
  return app;
}
