import type { FastifyInstance } from 'fastify';
import type { AdapterContext } from './routes/route-context.js';

/**
 * A module that plugs into the adapter's process, e.g. the broker-triggered jobs: routes on the
 * adapter's app, and a lifecycle tied to it. `buildApp({ extensions })` registers the routes;
 * `start` runs when the app gets ready (before `main` listens, or on the first `inject()`),
 * `stop` when it closes (SIGTERM/SIGINT), in reverse order.
 */
export interface AdapterExtension {
  /** Short name for logs, e.g. `triggers`. */
  readonly name: string;
  /** Adds routes, e.g. `GET /triggers/history`; guard them with `context.guard('token')`. */
  routes?(app: FastifyInstance, context: AdapterContext): void;
  /** Starts background work (consumers, timers). A rejection stops the app from starting. */
  start?(): Promise<void>;
  /** Stops it and releases connections; called once. */
  stop?(): Promise<void>;
  /** Whether it can do its work now; `/ready` answers 503 while any extension is not. */
  ready?(): boolean | Promise<boolean>;
}
