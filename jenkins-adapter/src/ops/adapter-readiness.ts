import type { Readiness } from '@tracey/http-kit';
import { LIMITS } from '../limits.js';
import type { IntakeSpoolState } from '../publishing/intake-spool.js';
import type { AdapterContext } from '../routes/route-context.js';

/** A check of `/ready` that a plugin added (see `AdapterContext.addReadyCheck`). */
export interface ReadyCheck {
  readonly name: string;
  readonly ready: () => boolean | Promise<boolean>;
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
 * What `/ready` says: the broker answers and every plugin's check passes. With a spool, `/ready`
 * shows what waits in it, and a broker that does not answer leaves the adapter ready (it still
 * accepts deliveries into the spool) until the spool is full.
 */
export async function adapterReadiness(
  context: Pick<AdapterContext, 'logger' | 'spoolState'>,
  broker: () => Promise<void>,
  checks: readonly ReadyCheck[],
): Promise<Readiness> {
  const spool = context.spoolState?.();
  const shown = spool === undefined ? {} : { spool: spoolView(spool) };
  // Full before the last byte: a notification that does not fit whole is refused.
  if (spool !== undefined && (spool.refused || spool.maxBytes - spool.bytes < LIMITS.notificationBytes)) {
    return {
      ready: false,
      code: 'ADAPTER_SPOOL_FULL',
      message: 'the spool is full: deliveries are refused',
      details: shown,
    };
  }
  let brokerState = 'connected';
  try {
    await within(broker(), LIMITS.readyTimeoutMs);
  } catch (error) {
    context.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'broker does not answer',
    );
    if (spool === undefined) {
      return { ready: false, code: 'ADAPTER_BROKER_UNAVAILABLE', message: 'the broker does not answer' };
    }
    brokerState = 'unavailable: deliveries are spooled';
  }
  for (const check of checks) {
    if (!(await check.ready())) {
      return { ready: false, code: 'ADAPTER_NOT_READY', message: `${check.name} is not ready` };
    }
  }
  return spool === undefined ? { ready: true } : { ready: true, shown: { broker: brokerState, ...shown } };
}

/** Brings the spool's gauges up to date before `/metrics` answers. */
export function refreshSpoolMetrics(context: Pick<AdapterContext, 'metrics' | 'spoolState'>): void {
  const spool = context.spoolState?.();
  if (spool === undefined) return;
  context.metrics.spoolEvents.set(spool.events);
  context.metrics.spoolBytes.set(spool.bytes);
  context.metrics.spoolOldestAge.set(Math.round(spool.oldestAgeMs / 1000));
}
