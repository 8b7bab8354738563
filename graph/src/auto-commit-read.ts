import neo4j, { type ManagedTransaction, type Session } from 'neo4j-driver';

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

/** How long a read retries what Neo4j calls retryable, as the driver does for managed transactions. */
export interface ReadRetry {
  /** Retries start no later than this after the first attempt (the driver's `maxTransactionRetryTime`). */
  readonly budgetMs: number;
  /** The first wait; each later one doubles, ±20 % jitter (the driver's own schedule). */
  readonly firstDelayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const READ_RETRY: ReadRetry = { budgetMs: 5_000, firstDelayMs: 1_000 };

/**
 * Runs `attempt` until it succeeds, fails with what Neo4j does not call retryable (transient
 * errors, an unavailable server, an expired session are), or the budget is spent. The driver
 * retries managed transactions only; auto-commit reads get the same schedule here.
 */
export async function retryRead<T>(attempt: () => Promise<T>, retry: ReadRetry = READ_RETRY): Promise<T> {
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((wake) => setTimeout(wake, ms)));
  const started = performance.now();
  for (let delay = retry.firstDelayMs; ; delay *= 2) {
    try {
      return await attempt();
    } catch (error) {
      if (!neo4j.isRetryableError(error) || performance.now() - started >= retry.budgetMs) throw error;
      await sleep(delay * (0.8 + Math.random() * 0.4));
    }
  }
}
