import type { FastifyPluginCallback, FastifySchema } from 'fastify';
import type { Registry } from 'prom-client';

/** What `/ready` says: ready (with facts to show), or not, with why in the error body. */
export type Readiness =
  | { readonly ready: true; readonly shown?: Readonly<Record<string, unknown>> }
  | {
      readonly ready: false;
      /** The service's code, e.g. `API_UNAVAILABLE`. */
      readonly code: string;
      readonly message: string;
      readonly details?: Readonly<Record<string, unknown>>;
    };

export interface OperationsOptions {
  /** The service's registry (see `createMetricsRegistry`): `/metrics` serves it. */
  readonly metrics: Registry;
  /** Brings gauges up to date before `/metrics` answers. */
  readonly refreshMetrics?: () => void | Promise<void>;
  /** Whether the service should receive traffic. */
  readonly readiness: () => Readiness | Promise<Readiness>;
}

// What a service with an OpenAPI document (the API's @fastify/swagger) shows of these routes.
const documented = (summary: string, response: Record<number, unknown>) =>
  ({ tags: ['Operations'], summary, response }) as FastifySchema;

// The answers, as JSON Schema: /openapi.json describes them, whatever a service's own schemas are.
const STATUS_OK = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] } },
  required: ['status'],
  additionalProperties: false,
};
const STATUS_READY = {
  type: 'object',
  description: 'Ready, with what the service shows of its state (e.g. the spool).',
  properties: { status: { type: 'string', enum: ['ready'] } },
  required: ['status'],
  additionalProperties: true,
};
const ERROR_BODY = {
  type: 'object',
  description: 'Not ready: the service error body, its code saying why.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
      required: ['code', 'message', 'details'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
};
const PROMETHEUS_TEXT = {
  description: 'The Prometheus text format.',
  content: { 'text/plain': { schema: { type: 'string' } } },
};

const plugin: FastifyPluginCallback<OperationsOptions> = (app, options, done) => {
  app.get('/health', { schema: documented('The process answers', { 200: STATUS_OK }) }, () => ({
    status: 'ok',
  }));
  app.get(
    '/ready',
    { schema: documented('The process and what it needs answer', { 200: STATUS_READY, 503: ERROR_BODY }) },
    async (_request, reply) => {
      const readiness = await options.readiness();
      if (readiness.ready) return { status: 'ready', ...readiness.shown };
      const { code, message, details = {} } = readiness;
      return reply.code(503).send({ error: { code, message, details } });
    },
  );
  app.get(
    '/metrics',
    { schema: documented('Prometheus metrics of this process', { 200: PROMETHEUS_TEXT }) },
    async (_request, reply) => {
      await options.refreshMetrics?.();
      const text = await options.metrics.metrics();
      return reply.type(options.metrics.contentType).send(text);
    },
  );
  done();
};

/**
 * `/health` (200 `{"status":"ok"}` while the process runs), `/ready` (200 `{"status":"ready", …}`,
 * else 503 with the error body: the one shape of every Tracey service) and `/metrics` (Prometheus
 * text of the service's registry), public: probes and scrapers hold no token.
 */
export const operationsRoutes = plugin;
