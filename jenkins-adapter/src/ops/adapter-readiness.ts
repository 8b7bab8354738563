import type { Readiness } from '@tracey/http-kit';
import { intakeReadiness, type ReadyCheck } from '@tracey/intake';
import { LIMITS } from '../limits.js';
import type { AdapterContext } from '../routes/route-context.js';

export type { ReadyCheck };

/**
 * What `/ready` says (`@tracey/intake`'s readiness): the broker answers and every plugin's check
 * passes; with a spool, what waits in it, and ready while the spool has room for a notification.
 */
export function adapterReadiness(
  context: Pick<AdapterContext, 'logger' | 'spoolState'>,
  broker: () => Promise<void>,
  checks: readonly ReadyCheck[],
): Promise<Readiness> {
  return intakeReadiness({
    logger: context.logger,
    spoolState: context.spoolState,
    broker,
    checks,
    headroomBytes: LIMITS.notificationBytes,
    timeoutMs: LIMITS.readyTimeoutMs,
  });
}

/** Brings the spool's gauges up to date before `/metrics` answers. */
export function refreshSpoolMetrics(context: Pick<AdapterContext, 'metrics' | 'spoolState'>): void {
  const spool = context.spoolState?.();
  if (spool === undefined) return;
  context.metrics.spoolEvents.set(spool.events);
  context.metrics.spoolBytes.set(spool.bytes);
  context.metrics.spoolOldestAge.set(Math.round(spool.oldestAgeMs / 1000));
}
