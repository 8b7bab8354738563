import type { FastifyInstance } from 'fastify';
import type { AdapterExtension } from '../adapter-extension.js';
import { LIMITS } from '../limits.js';
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

/** `/health` (the process answers), `/ready` (the broker and every extension too), `/metrics`. */
export function healthRoutes(app: FastifyInstance, context: AdapterContext, readiness: Readiness): void {
  const onRequest = context.guard('public');
  app.get('/health', { onRequest }, (_request, reply) => {
    void reply.send({ status: 'ok' });
  });
  app.get('/ready', { onRequest }, async (_request, reply) => {
    const notReady = (reason: string) =>
      reply.code(503).send({ error: { code: 'ADAPTER_BROKER_UNAVAILABLE', message: reason, details: {} } });
    try {
      await within(readiness.broker(), LIMITS.readyTimeoutMs);
    } catch (error) {
      app.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'not ready: broker');
      return notReady('the broker does not answer');
    }
    for (const extension of readiness.extensions) {
      if (extension.ready !== undefined && !(await extension.ready())) {
        return reply.code(503).send({
          error: { code: 'ADAPTER_NOT_READY', message: `${extension.name} is not ready`, details: {} },
        });
      }
    }
    return { status: 'ready' };
  });
  app.get('/metrics', { onRequest }, (_request, reply) => {
    void reply.type('text/plain; version=0.0.4; charset=utf-8').send(context.metrics.registry.render());
  });
}
