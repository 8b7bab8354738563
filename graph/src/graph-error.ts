import { TraceyError } from '@tracey/common';

/** Stable codes of the errors the graph module throws. */
export const GRAPH_ERROR_CODES = {
  /** Neo4j cannot be reached (down, restarting, network). Retryable. */
  unavailable: 'GRAPH_UNAVAILABLE',
  /** A transient database condition: deadlock, lock timeout, leader switch. Retryable. */
  transient: 'GRAPH_TRANSIENT',
  /** A uniqueness constraint raced with a concurrent writer. Retryable: the retry sees the winner. */
  constraintRace: 'GRAPH_CONSTRAINT_RACE',
  /** Neo4j refused the credentials or the permission. Not retryable without a fix. */
  auth: 'GRAPH_AUTH',
  /**
   * Neo4j refused the write for its size: the transaction memory limit
   * (`db.memory.transaction.total.max` or `.max`). Not retryable as it is: a smaller write fits.
   */
  tooLarge: 'GRAPH_TOO_LARGE',
  /** Neo4j rejected the statement or its data. Not retryable: the same input fails again. */
  rejected: 'GRAPH_REJECTED',
  /** Anything else, e.g. a database error. */
  failed: 'GRAPH_FAILED',
} as const;

export type GraphErrorCode = (typeof GRAPH_ERROR_CODES)[keyof typeof GRAPH_ERROR_CODES];

interface DriverErrorShape {
  readonly code?: unknown;
  readonly retryable?: unknown;
  readonly message?: unknown;
}

// Neo4j's codes for a transaction over its memory limit: transient by Neo4j's label, but the same
// write fails again until it is made smaller.
const MEMORY_LIMIT_CODES: ReadonlySet<string> = new Set([
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
  'Neo.TransientError.General.TransactionMemoryLimit',
  'Neo.ClientError.General.TransactionMemoryLimit',
]);

function classify(code: string, retryable: boolean): GraphErrorCode {
  if (MEMORY_LIMIT_CODES.has(code)) return GRAPH_ERROR_CODES.tooLarge;
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') return GRAPH_ERROR_CODES.unavailable;
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') return GRAPH_ERROR_CODES.constraintRace;
  if (code.startsWith('Neo.ClientError.Security.')) return GRAPH_ERROR_CODES.auth;
  if (code.startsWith('Neo.TransientError.') || retryable) return GRAPH_ERROR_CODES.transient;
  if (code.startsWith('Neo.ClientError.')) return GRAPH_ERROR_CODES.rejected;
  return GRAPH_ERROR_CODES.failed;
}

const RETRYABLE: ReadonlySet<GraphErrorCode> = new Set([
  GRAPH_ERROR_CODES.unavailable,
  GRAPH_ERROR_CODES.transient,
  GRAPH_ERROR_CODES.constraintRace,
]);

/**
 * The one translation of driver errors into Tracey's vocabulary, by the driver's `code` and
 * `retryable` flag (never by message text). A `TraceyError` passes through unchanged.
 */
export function toGraphError(error: unknown, operation: string): TraceyError<GraphErrorCode> {
  if (
    error instanceof TraceyError &&
    Object.values(GRAPH_ERROR_CODES).includes(error.code as GraphErrorCode)
  ) {
    return error as TraceyError<GraphErrorCode>;
  }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as DriverErrorShape;
  const driverCode = typeof shape.code === 'string' ? shape.code : '';
  const code = classify(driverCode, shape.retryable === true);
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  return new TraceyError(code, `Neo4j ${operation} failed: ${message}`, {
    retryable: RETRYABLE.has(code),
    details: { operation, neo4jCode: driverCode },
    cause: error,
  });
}
