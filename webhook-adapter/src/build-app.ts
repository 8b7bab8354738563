import type { FastifyInstance } from 'fastify';
import type { Logger } from '@tracey/common';
import {
  createServiceApp,
  registerOpenApi,
  type AuditLog,
  type RateLimitOptions,
  type RequestGuard,
  type ServiceTls,
} from '@tracey/http-kit';
import {
  ADAPTER_ERRORS,
  auditedGuard,
  intakeTokens,
  type IntakeTokens,
  intakeReadiness,
  type EventPublisher,
  type IntakeSpoolState,
} from '@tracey/intake';
import type { CloudEventMapper } from '@tracey/mapping';
import { LIMITS } from './limits.js';
import { createWebhookMetrics, type WebhookMetrics } from './metrics.js';
import { cloudEventsRoutes } from './routes/cloudevents.routes.js';
import { doraRestRoutes } from './routes/dora-rest.routes.js';
import { forgeRoutes, type ForgeRoutesOptions } from './routes/forge.routes.js';

/** Version of the webhook adapter's HTTP interface the OpenAPI document describes. */
export const WEBHOOK_API_VERSION = '0.1.0';

export interface BuildWebhookAppOptions {
  readonly token: string;
  /** The tokens it takes; default: `token` alone (every scope). The caller reloads it (SIGHUP). */
  readonly tokens?: IntakeTokens;
  /** The audit trail of calls and refusals (`TRACEY_AUDIT_FILE`); none without. */
  readonly audit?: AuditLog;
  readonly logger: Logger;
  /** Where CDEvents go; the caller owns its output and shuts it down after the app closes. */
  readonly publisher: EventPublisher;
  /** The CloudEvent mappers (`loadMappers`): CDEvents pass through without one. */
  readonly mappers: readonly CloudEventMapper[];
  /** Resolves when the broker takes a connection, for `/ready`. */
  readonly brokerReady: () => Promise<void>;
  /** What waits in the publisher's durable spool, for `/ready` and `/metrics`; none without. */
  readonly spoolState?: () => IntakeSpoolState;
  readonly metrics?: WebhookMetrics;
  /** Requests per window per token (else per address); default none (`TRACEY_RATE_LIMIT` in service). */
  readonly rateLimit?: RateLimitOptions;
  /** HTTPS (`TRACEY_TLS_CERT`, `TRACEY_TLS_KEY`); default plain HTTP. */
  readonly tls?: ServiceTls;
  /** The forges' secrets: `POST /github`, `POST /gitlab` are there only with theirs. */
  readonly forges?: ForgeRoutesOptions;
}

/**
 * The webhook adapter as a fastify instance, not listening: `main.ts` listens, tests `inject()`.
 * Errors leave with the intake adapters' `ADAPTER_*` codes (docs/errors.md).
 */
export function buildWebhookApp(options: BuildWebhookAppOptions): FastifyInstance {
  const metrics = options.metrics ?? createWebhookMetrics();
  const tokens = options.tokens ?? intakeTokens({ token: options.token, tokenName: 'TRACEY_WEBHOOK_TOKEN' });
  // Every route behind the token sends events: the publish scope.
  const guards = auditedGuard(tokens, options.audit);
  const guard: RequestGuard = guards.guard('publish');
  const app = createServiceApp({
    name: 'tracey-webhook-adapter',
    logger: options.logger,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    errors: ADAPTER_ERRORS,
    bodyLimit: LIMITS.bodyBytes,
    onErrorAnswer: (translation) => metrics.rejectedRequests.inc({ code: translation.body.error.code }),
    metrics: metrics.registry,
    refreshMetrics: () => {
      const spool = options.spoolState?.();
      if (spool === undefined) return;
      metrics.spoolEvents.set(spool.events);
      metrics.spoolBytes.set(spool.bytes);
    },
    readiness: () =>
      intakeReadiness({
        logger: options.logger,
        spoolState: options.spoolState,
        broker: options.brokerReady,
        // Ready while the spool has room for a whole request.
        headroomBytes: LIMITS.bodyBytes,
        timeoutMs: LIMITS.readyTimeoutMs,
      }),
    links: { openapi: '/openapi.json' },
    beforeRoutes: (instance) =>
      registerOpenApi(instance, {
        title: 'Tracey webhook adapter',
        version: WEBHOOK_API_VERSION,
        description:
          'CloudEvents over HTTP in (structured, binary, batch); CDEvents pass through, other ' +
          'CloudEvents are mapped (docs/cdevents.md#mappers); CDEvents out on the broker. Writes take ' +
          'TRACEY_WEBHOOK_TOKEN as a bearer token. Errors: {"error": {"code", "message", "details"}}.',
      }),
  });
  guards.watch(app);
  app.register((instance, _options, done) => {
    cloudEventsRoutes(instance, {
      publisher: options.publisher,
      mappers: options.mappers,
      metrics,
      guard,
    });
    done();
  });
  // A scope of their own: they read bodies raw (GitHub signs the bytes) and check the forge's secret.
  app.register((instance, _options, done) => {
    forgeRoutes(
      instance,
      { publisher: options.publisher, mappers: options.mappers, metrics, guard },
      options.forges ?? {},
    );
    done();
  });
  // em-metrics, DevLake and DevOpstic at their own paths: bodies of any content type, read as JSON.
  app.register((instance, _options, done) => {
    doraRestRoutes(instance, { publisher: options.publisher, mappers: options.mappers, metrics, guard });
    done();
  });
  return app;
}
