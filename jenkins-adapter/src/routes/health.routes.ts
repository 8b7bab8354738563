import type { FastifyInstance } from 'fastify';
import type { AdapterExtension } from '../adapter-extension.js';
import { LIMITS } from '../limits.js';
import type { IntakeSpoolState } from '../publishing/intake-spool.js';
import { errorAnswer, healthAnswer, readyAnswer } from './answers.js';
import type { AdapterContext } from './route-context.js';

/** What `/ready` asks. */
export interface Readiness {
  /** Resolves when the broker takes a connection; rejects with why not. */
  readonly broker: () => Promise<void>;
  readonly extensions: readonly AdapterExtension[];
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The spool as `/ready` shows it. */
function spoolView(state: IntakeSpoolState) {
  return {
    events: state.events,
    bytes: state.bytes,
    maxBytes: state.maxBytes,
    oldestAgeSeconds: Math.round(state.oldestAgeMs / 1000),
    ...(state.lastError === undefined ? {} : { lastError: state.lastError }),
  };
}

/**
 * `/health` (the process answers), `/ready` (the broker and every extension too), `/metrics`.
 * With a spool, `/ready` shows what waits in it, and a broker that does not answer leaves the
 * adapter ready (it still accepts deliveries into the spool) until the spool is full.
 */
export function healthRoutes(app: FastifyInstance, context: AdapterContext, readiness: Readiness): void {
  const onRequest = context.guard('public');
  const tags = ['Operations'];
  app.get(
    '/health',
    { onRequest, schema: { tags, summary: 'The process answers', response: { 200: healthAnswer } } },
    (_request, reply) => {
      void reply.send({ status: 'ok' });
    },
  );
  app.get(
    '/ready',
    {
      onRequest,
      schema: {
        tags,
        summary: 'The broker (or, with a spool, room in it) and every extension answer',
        response: { 200: readyAnswer, 503: errorAnswer },
      },
    },
    async (_request, reply) => {
      const spool = context.spoolState?.();
      const shown = spool === undefined ? {} : { spool: spoolView(spool) };
      // Full before the last byte: a notification that does not fit whole is refused.
      if (spool !== undefined && (spool.refused || spool.maxBytes - spool.bytes < LIMITS.notificationBytes)) {
        return reply.code(503).send({
          error: {
            code: 'ADAPTER_SPOOL_FULL',
            message: 'the spool is full: deliveries are refused',
            details: shown,
          },
        });
      }
      let broker = 'connected';
      try {
        await within(readiness.broker(), LIMITS.readyTimeoutMs);
      } catch (error) {
        app.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'broker does not answer',
        );
        if (spool === undefined) {
          return reply.code(503).send({
            error: { code: 'ADAPTER_BROKER_UNAVAILABLE', message: 'the broker does not answer', details: {} },
          });
        }
        broker = 'unavailable: deliveries are spooled';
      }
      for (const extension of readiness.extensions) {
        if (extension.ready !== undefined && !(await extension.ready())) {
          return reply.code(503).send({
            error: { code: 'ADAPTER_NOT_READY', message: `${extension.name} is not ready`, details: {} },
          });
        }
      }
      return spool === undefined ? { status: 'ready' } : { status: 'ready', broker, ...shown };
    },
  );
  app.get(
    '/metrics',
    {
      onRequest,
      schema: {
        tags,
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
      const spool = context.spoolState?.();
      if (spool !== undefined) {
        context.metrics.spoolEvents.set(spool.events);
        context.metrics.spoolBytes.set(spool.bytes);
        context.metrics.spoolOldestAge.set(Math.round(spool.oldestAgeMs / 1000));
      }
      void reply.type('text/plain; version=0.0.4; charset=utf-8').send(context.metrics.registry.render());
    },
  );
}
