import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog, RequestGuard, TokenScope } from '@tracey/http-kit';
import { isTraceyError } from '@tracey/common';
import type { IntakeTokens } from './intake-tokens.js';

// The intake adapters' audit trail (issue 24): each call made with a known token (by the token's
// name, never its value) and each call refused for its token, as the query API keeps its own.

/** Guards by scope that remember who called, and the hook that writes the trail. */
export interface AuditedGuard {
  guard(scope: TokenScope): RequestGuard;
  /** Records each answered call of a known token (`request`): add to the app once. */
  watch(app: FastifyInstance): void;
}

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? request.url;

/** The guards of an adapter taking `tokens`, writing to `audit` when there is one. */
export function auditedGuard(tokens: IntakeTokens, audit: AuditLog | undefined): AuditedGuard {
  const callers = new WeakMap<FastifyRequest, string>();
  return {
    guard: (scope) => (request) =>
      Promise.resolve().then(() => {
        try {
          callers.set(request, tokens.check(request.headers.authorization, scope));
        } catch (error) {
          const forbidden = isTraceyError(error, 'ADAPTER_FORBIDDEN');
          const details = forbidden ? (error.details as { token?: unknown }) : undefined;
          audit?.record({
            kind: 'refused',
            actor: forbidden && typeof details?.token === 'string' ? details.token : null,
            reason: forbidden
              ? 'forbidden'
              : request.headers.authorization === undefined
                ? 'missing'
                : 'wrong',
            scope,
            method: request.method,
            route: routeOf(request),
            ip: request.ip,
          });
          throw error;
        }
      }),
    watch(app) {
      if (audit === undefined) return;
      app.addHook('onResponse', (request, reply, done) => {
        const actor = callers.get(request);
        if (actor !== undefined)
          audit.record({
            kind: 'request',
            actor,
            method: request.method,
            route: routeOf(request),
            status: reply.statusCode,
          });
        done();
      });
    },
  };
}
