import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@tracey/common';
import { checkToken } from '../http/token-auth.js';
import type { AdapterMetrics } from '../ops/adapter-metrics.js';
import type { EventPublisher } from '../publishing/event-publisher.js';
import type { IntakeSpoolState } from '../publishing/intake-spool.js';

/** Who may call a route: anyone, or holders of `TRACEY_ADAPTER_TOKEN`. */
export type RouteAccess = 'public' | 'token';

/** An `onRequest` hook: runs before the body is read, so an unauthorized body is never parsed. */
export type RequestGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** What every route module, the adapter's own and extensions', receives. */
export interface AdapterContext {
  readonly logger: Logger;
  readonly metrics: AdapterMetrics;
  /** Publishes events through producer-core with publisher confirms. */
  readonly publisher: EventPublisher;
  /** What waits in the durable spool, when the intake has one. */
  readonly spoolState?: (() => IntakeSpoolState) | undefined;
  /** The hook that enforces `access`; every route that writes or triggers uses `'token'`. */
  guard(access: RouteAccess): RequestGuard;
}

/** The guard of an adapter whose token is `token`. */
export function tokenGuard(token: string): (access: RouteAccess) => RequestGuard {
  return (access) =>
    async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
      if (access === 'public') return;
      checkToken(request.headers.authorization, token);
    };
}
