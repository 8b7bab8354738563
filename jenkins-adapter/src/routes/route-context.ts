import type { FastifyPluginCallback } from 'fastify';
import type { Logger } from '@tracey/common';
import type { AuditLog, RequestGuard } from '@tracey/http-kit';
import type { AuditedGuard } from '@tracey/intake';
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
  /** The adapter's audit trail (calls, refusals, trigger decisions), when it keeps one. */
  readonly audit?: AuditLog | undefined;
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

/** The guard of an adapter: none for public routes, else the token's scope checked (and audited). */
export function tokenGuard(guards: AuditedGuard): (access: RouteAccess) => RequestGuard {
  return (access) => (access === 'public' ? () => Promise.resolve() : guards.guard(access));
}
