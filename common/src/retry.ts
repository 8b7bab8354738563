import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type BackoffPolicy } from './backoff-delay.js';

export interface RetryOptions {
  readonly policy: BackoffPolicy;
  /** Ends the waits between attempts: the last error is thrown at once. */
  readonly signal?: AbortSignal;
  /** Runs in all, the first included. Default: no limit. */
  readonly attempts?: number;
  /** Whether an error is worth another attempt. Default: every error is. */
  readonly retryable?: (error: unknown) => boolean;
  /** Hears of each failed attempt before the wait that follows it. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `work` until it resolves, waiting {@link backoffDelay} between attempts (attempt n is
 * followed by the delay of retry n). Rejects with the last error when it is not retryable, the
 * attempts are spent, or `signal` aborts (before an attempt or during a wait).
 */
export async function retry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? Infinity;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= attempts || options.signal?.aborted === true) throw error;
      if (options.retryable !== undefined && !options.retryable(error)) throw error;
      const delayMs = backoffDelay(attempt, options.policy);
      options.onRetry?.(error, attempt, delayMs);
      if (!(await waitUnlessAborted(delayMs, options.signal))) throw error;
    }
  }
}

export interface ReconnectLoopOptions<S> {
  /** Opens a session (a connection and what it consumes). */
  readonly connect: () => Promise<S>;
  /** Resolves, with the cause, when `session` has ended. */
  readonly ended: (session: S) => Promise<unknown>;
  /** Closes a session opened while the loop was being stopped. */
  readonly close: (session: S) => Promise<void>;
  readonly policy: BackoffPolicy;
  /** Stops the loop: no more connects, waits end at once. */
  readonly signal: AbortSignal;
  readonly onConnected?: (session: S) => void;
  /** Hears that `session` ended, also when it ended because the loop is stopping. */
  readonly onEnded?: (cause: unknown, session: S) => void;
  /** Hears of each failed connect (the first is attempt 1); throwing gives up (the loop rejects). */
  readonly onConnectFailed?: (error: unknown, attempt: number) => void;
}

/**
 * Keeps a session open until `signal` aborts: connects, waits for the session's end, connects
 * again, with {@link backoffDelay} between failed connects and after a lost session. Resolves once
 * stopped; rejects only with what `onConnectFailed` throws.
 */
export async function reconnectLoop<S>(options: ReconnectLoopOptions<S>): Promise<void> {
  const { signal } = options;
  for (let attempt = 1; !signal.aborted; attempt++) {
    let session: S;
    try {
      session = await options.connect();
    } catch (error) {
      if (signal.aborted) return;
      options.onConnectFailed?.(error, attempt);
      if (!(await waitUnlessAborted(backoffDelay(attempt, options.policy), signal))) return;
      continue;
    }
    if (signal.aborted) {
      // Stopped while this session was being opened: it is nobody's to close but ours.
      await options.close(session);
      return;
    }
    attempt = 0;
    options.onConnected?.(session);
    const cause = await options.ended(session);
    options.onEnded?.(cause, session);
    if (signal.aborted) return;
    // Lost: the first wait again before reconnecting.
    if (!(await waitUnlessAborted(backoffDelay(1, options.policy), signal))) return;
  }
}

// False when `signal` aborted before or during the wait.
async function waitUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    await sleep(ms, undefined, signal === undefined ? undefined : { signal });
    return true;
  } catch {
    return false;
  }
}
