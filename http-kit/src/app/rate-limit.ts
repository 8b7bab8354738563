import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** How many requests one caller may make per window; `max: 0` turns the limit off. */
export interface RateLimitOptions {
  readonly max: number;
  readonly windowMs: number;
  /**
   * Requests one caller may have in progress at once (default: no cap). The query API sets 8: a
   * burst within the window's allowance still cannot take every database session, so other
   * callers keep their pace. The intakes set none: a burst of notifications must not be refused.
   */
  readonly maxInFlight?: number;
  /** Paths of long-lived streams (server-sent events): limited per window, not counted in flight. */
  readonly streams?: readonly string[];
}

// Probes and scrapes are the platform's, not callers': never limited.
const OPERATIONS = new Set(['/health', '/ready', '/metrics']);

/**
 * Who a request counts against: its token (as a hash: the limiter's keys hold no secret), or
 * without one its address. So one noisy token or one noisy address cannot starve the others.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const token = /^(?:Bearer|Basic) +(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
  if (token !== undefined) return `token:${createHash('sha256').update(token).digest('hex').slice(0, 24)}`;
  return `ip:${request.ip}`;
}

/**
 * Limits every route but the operations ones per token, else per address (`@fastify/rate-limit`,
 * in memory: each replica counts its own). Over the limit: 429 with `Retry-After`, through the
 * service's error answers (its `frameworkStatus[429]` code).
 */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  if (options.max <= 0) return;
  const seconds = Math.max(1, Math.round(options.windowMs / 1000));
  const maxInFlight = options.maxInFlight ?? Infinity;
  const streams = new Set(options.streams ?? []);
  const inFlight = new Map<string, number>();
  const counted = new WeakSet<FastifyRequest>();
  const release = (request: FastifyRequest) => {
    if (!counted.delete(request)) return;
    const key = rateLimitKey(request);
    const left = (inFlight.get(key) ?? 1) - 1;
    if (left <= 0) inFlight.delete(key);
    else inFlight.set(key, left);
  };
  if (maxInFlight !== Infinity) {
    app.addHook('onRequest', (request, reply, done) => {
      const path = request.url.split('?')[0] ?? '';
      if (OPERATIONS.has(path) || streams.has(path)) {
        done();
        return;
      }
      const key = rateLimitKey(request);
      const now = inFlight.get(key) ?? 0;
      if (now >= maxInFlight) {
        void reply.header('retry-after', '1');
        done(
          Object.assign(
            new Error(
              `too many requests at once: at most ${maxInFlight} in progress from one token or address; retry after 1 s`,
            ),
            { statusCode: 429 },
          ),
        );
        return;
      }
      inFlight.set(key, now + 1);
      counted.add(request);
      done();
    });
    app.addHook('onResponse', (request, _reply, done) => {
      release(request);
      done();
    });
    app.addHook('onRequestAbort', (request, done) => {
      release(request);
      done();
    });
  }
  app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowMs,
    hook: 'onRequest',
    keyGenerator: rateLimitKey,
    allowList: (request) => OPERATIONS.has(request.url.split('?')[0] ?? ''),
    // A 4xx error with a status: the kit's translator answers it in the service's shape.
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(
          `too many requests: at most ${context.max} per ${seconds} s from one token or address; retry after ${Math.ceil(context.ttl / 1000)} s`,
        ),
        { statusCode: 429 },
      ),
  });
}
