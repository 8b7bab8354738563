import type { FastifyPluginCallback } from 'fastify';
import type { Logger } from '@tracey/common';
import type { RequestGuard } from '@tracey/http-kit';
import type { IntakeTokens } from '@tracey/intake';
import type { AdapterMetrics } from '../ops/adapter-metrics.js';
import type { EventPublisher } from '@tracey/intake';
import type { IntakeSpoolState } from '@tracey/intake';

/**
 * Who may call a route: anyone, or holders of a token with the scope (`TRACEY_ADAPTER_TOKEN` has
 * every scope; those of `TRACEY_TOKENS_FILE` theirs): `publish` to send events, `trigger` for the
 * triggers' history and replays.
 */
export type RouteAccess = 'public' | 'publish' | 'trigger';

/** What every route module, the adapter's own and its plugins', receives. */
export interface AdapterContext {
  readonly logger: Logger;
  readonly metrics: AdapterMetrics;
  /** Publishes events through producer-core with publisher confirms. */
  readonly publisher: EventPublisher;
  /** What waits in the durable spool, when the intake has one. */
  readonly spoolState?: (() => IntakeSpoolState) | undefined;
  /** The hook that enforces `access`; every route that writes uses `'publish'`, that triggers `'trigger'`. */
  guard(access: RouteAccess): RequestGuard;
  /** Adds a check to `/ready`: 503 `ADAPTER_NOT_READY` ("`name` is not ready") while it says no. */
  addReadyCheck(name: string, ready: () => boolean | Promise<boolean>): void;
}

/**
 * A module plugged into the adapter (the broker-triggered jobs): an ordinary fastify plugin,
 * given the adapter's context. It adds routes (guarded with `context.guard('publish' | 'trigger')`), starts its
 * background work in an `onReady` hook (a rejection stops the app from starting) and stops it in
 * an `onClose` hook.
 */
export type AdapterPlugin = FastifyPluginCallback<{ readonly context: AdapterContext }>;

/** The guard of an adapter that takes `tokens`. */
export function tokenGuard(tokens: IntakeTokens): (access: RouteAccess) => RequestGuard {
  return (access) => (request) =>
    Promise.resolve().then(() => {
      if (access !== 'public') tokens.check(request.headers.authorization, access);
    });
}
