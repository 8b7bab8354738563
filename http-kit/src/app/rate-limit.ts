import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestTurns } from './request-turns.js';

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
  /**
   * A caller refused in the last window has its requests run one at a time: the rest of its
   * in-flight allowance waits its turn (answered, not refused). A flood's allowed requests then
   * share the database with others' one by one instead of arriving together with each burst.
   */
  readonly oneAtATimeWhenLimited?: boolean;
  /** Paths of long-lived streams (server-sent events): limited per window, not counted in flight. */
  readonly streams?: readonly string[];
  /**
   * Told of the first request of a caller refused in each window (not of every one: a flood
   * refused cheaply stays cheap), e.g. to put it in the audit trail.
   */
  readonly onLimited?: (request: FastifyRequest, key: string) => void;
}

// Probes and scrapes are the platform's, not callers': never limited.
const OPERATIONS = new Set(['/health', '/ready', '/metrics']);

/**
 * Who a request counts against: its token (as a hash: the limiter's keys hold no secret), or
 * without one its address. So one noisy token or one noisy address cannot starve the others.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const known = keys.get(request);
  if (known !== undefined) return known;
  const token = /^(?:Bearer|Basic) +(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
  const key =
    token === undefined
      ? `ip:${request.ip}`
      : `token:${createHash('sha256').update(token).digest('hex').slice(0, 24)}`;
  keys.set(request, key);
  return key;
}

// Each request's key, worked out once: the in-flight count, the limiter and the release ask for it.
const keys = new WeakMap<FastifyRequest, string>();

/**
 * A 429 without a stack trace: a flood is answered by the thousand, and capturing the stack
 * of each refusal took a twentieth of the CPU that answering it does.
 */
function tooManyRequests(message: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return Object.assign(new Error(message), { statusCode: 429 });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Limits every route but the operations ones per token, else per address (`@fastify/rate-limit`,
 * in memory: each replica counts its own). Over the limit: 429 with `Retry-After`, through the
 * service's error answers (its `frameworkStatus[429]` code). The limits are the first `onRequest`
 * hooks of every request, ahead of the routes' own (the token check): a refused request costs no
 * token lookup.
 */
export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions): void {
  if (options.max <= 0) return;
  const seconds = Math.max(1, Math.round(options.windowMs / 1000));
  const maxInFlight = options.maxInFlight ?? Infinity;
  const streams = new Set(options.streams ?? []);
  const inFlight = new Map<string, number>();
  const counted = new WeakSet<FastifyRequest>();
  // When each caller was last reported refused: once per window (to onLimited, if any).
  const reported = new Map<string, number>();
  const limited = (request: FastifyRequest, key: string) => {
    const now = Date.now();
    if ((reported.get(key) ?? -Infinity) > now - options.windowMs) return;
    // Forget callers quiet for a window: the map does not grow with every address ever refused.
    for (const [seen, at] of reported) if (at <= now - options.windowMs) reported.delete(seen);
    reported.set(key, now);
    options.onLimited?.(request, key);
  };
  const refusedLately = (key: string) => (reported.get(key) ?? -Infinity) > Date.now() - options.windowMs;
  const turns = new RequestTurns();
  const release = (request: FastifyRequest) => {
    if (!counted.delete(request)) return;
    const key = rateLimitKey(request);
    const left = (inFlight.get(key) ?? 1) - 1;
    if (left <= 0) inFlight.delete(key);
    else inFlight.set(key, left);
    turns.leave(key, request);
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
        limited(request, key);
        done(
          tooManyRequests(
            `too many requests at once: at most ${maxInFlight} in progress from one token or address; retry after 1 s`,
          ),
        );
        return;
      }
      inFlight.set(key, now + 1);
      counted.add(request);
      if (options.oneAtATimeWhenLimited === true && refusedLately(key)) turns.enter(key, request, done);
      else done();
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
    // Not per route (the plugin would put it after the route's own hooks): a hook of the root below.
    global: false,
    max: options.max,
    timeWindow: options.windowMs,
    keyGenerator: rateLimitKey,
    allowList: (request) => OPERATIONS.has(request.url.split('?')[0] ?? ''),
    onExceeded: (request, key) => limited(request, key),
    // A 4xx error with a status: the kit's translator answers it in the service's shape.
    errorResponseBuilder: (_request, context) =>
      tooManyRequests(
        `too many requests: at most ${context.max} per ${seconds} s from one token or address; retry after ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });
  app.after(() => app.addHook('onRequest', app.rateLimit()));
}
