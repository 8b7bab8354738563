import neo4j, { type ManagedTransaction, type Session } from 'neo4j-driver';
import { retry, type BackoffPolicy } from '@tracey/common';

/**
 * What a read's work runs its statements on. Each statement is an auto-commit transaction of its
 * own (Bolt RUN + PULL, one round trip) instead of BEGIN, RUN + PULL, COMMIT (two round trips,
 * three writes): a single-event read took half the time and under half the client CPU (0.33 vs
 * 0.72 ms, 164 vs 529 µs; docs/BENCHMARKS.md#reads-one-round-trip-per-statement). A READ session
 * still refuses writes (`Neo.ClientError.Statement.AccessMode`) and waits for the graph's bookmarks.
 */
export type ReadTransaction = Pick<ManagedTransaction, 'run'>;

/**
 * `run()` with the driver's per-result stack capture turned off. neo4j-driver formats a stack
 * trace for every result it makes (to decorate a later error with the caller's frames): about
 * 70 µs of CPU per statement, more than a third of a single-event read's. Our callers never see
 * the driver's error unwrapped (`toGraphError`), so the frames buy nothing. The capture happens
 * synchronously inside `run()`, so the limit is back before anything else runs.
 */
export function withoutStackCapture<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Statements of one read in `session`, each in its own auto-commit transaction; `timeoutMs` bounds
 * them together (each gets what is left of it, enforced by Neo4j).
 */
export function autoCommitReads(session: Session, timeoutMs: number | undefined): ReadTransaction {
  const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  return {
    run: (query, parameters) =>
      withoutStackCapture(() =>
        session.run(
          query,
          parameters,
          deadline === undefined ? {} : { timeout: Math.max(1, Math.ceil(deadline - performance.now())) },
        ),
      ),
  };
}

/** How long a read retries what Neo4j calls retryable, and the waits between its attempts. */
export interface ReadRetry {
  /** No attempt starts, and no wait goes on, later than this after the first attempt began. */
  readonly budgetMs: number;
  readonly policy: BackoffPolicy;
}

// The driver's maxTransactionRetryTime for managed transactions (EventGraph.connect), its first wait.
export const READ_RETRY: ReadRetry = {
  budgetMs: 5_000,
  policy: { initialDelayMs: 1_000, maxDelayMs: 4_000 },
};

/**
 * Runs `attempt` until it succeeds, fails with what Neo4j does not call retryable (transient
 * errors, an unavailable server, an expired session are), or the budget is spent: the project's
 * `retry` with backoff. The driver retries managed transactions only; auto-commit reads get the
 * same budget here.
 */
export function retryRead<T>(attempt: () => Promise<T>, options: ReadRetry = READ_RETRY): Promise<T> {
  return retry(attempt, {
    policy: options.policy,
    retryable: (error) => neo4j.isRetryableError(error),
    signal: AbortSignal.timeout(options.budgetMs),
  });
}
