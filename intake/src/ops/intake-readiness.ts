import { withDeadline, type Logger } from '@tracey/common';
import type { Readiness } from '@tracey/http-kit';
import type { IntakeSpoolState } from '../publishing/intake-spool.js';

/** A check of `/ready` beside the broker's (e.g. the Jenkins adapter's triggers). */
export interface ReadyCheck {
  readonly name: string;
  readonly ready: () => boolean | Promise<boolean>;
}

/** What an intake's `/ready` looks at. */
export interface IntakeReadinessOptions {
  readonly logger: Logger;
  /** What waits in the durable spool, when the intake has one. */
  readonly spoolState?: (() => IntakeSpoolState) | undefined;
  /** Resolves when the broker takes a connection. */
  readonly broker: () => Promise<void>;
  readonly checks?: readonly ReadyCheck[];
  /** Room the spool must still have for the intake to say ready: its largest delivery. */
  readonly headroomBytes: number;
  /** Longest wait for the broker before `/ready` says no. */
  readonly timeoutMs: number;
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
 * What an intake's `/ready` says: the broker answers and every check passes. With a spool,
 * `/ready` shows what waits in it, and a broker that does not answer leaves the intake ready (it
 * still accepts deliveries into the spool) until the spool is full.
 */
export async function intakeReadiness(options: IntakeReadinessOptions): Promise<Readiness> {
  const spool = options.spoolState?.();
  const shown = spool === undefined ? {} : { spool: spoolView(spool) };
  // Full before the last byte: a delivery that does not fit whole is refused.
  if (spool !== undefined && (spool.refused || spool.maxBytes - spool.bytes < options.headroomBytes)) {
    return {
      ready: false,
      code: 'ADAPTER_SPOOL_FULL',
      message: 'the spool is full: deliveries are refused',
      details: shown,
    };
  }
  let brokerState = 'connected';
  try {
    await withDeadline(options.broker(), options.timeoutMs, 'the broker connection');
  } catch (error) {
    options.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'broker does not answer',
    );
    if (spool === undefined) {
      return { ready: false, code: 'ADAPTER_BROKER_UNAVAILABLE', message: 'the broker does not answer' };
    }
    brokerState = 'unavailable: deliveries are spooled';
  }
  for (const check of options.checks ?? []) {
    if (!(await check.ready())) {
      return { ready: false, code: 'ADAPTER_NOT_READY', message: `${check.name} is not ready` };
    }
  }
  return spool === undefined ? { ready: true } : { ready: true, shown: { broker: brokerState, ...shown } };
}
