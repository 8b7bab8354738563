import { backoffDelay } from '@tracey/common';

/** Exponential backoff between reconnect attempts. */
export interface BackoffOptions {
  /** Attempts in all, the first included. Default 3. */
  readonly attempts?: number;
  /** Delay before the second attempt, in ms. Default 100. */
  readonly initialDelayMs?: number;
  /** Longest delay, in ms. Default 5000. */
  readonly maxDelayMs?: number;
}

/** The delay before attempt `attempt` (1-based; the first has none), from the shared backoff. */
export function attemptDelay(attempt: number, options: BackoffOptions): number {
  if (attempt <= 1) return 0;
  return backoffDelay(attempt - 1, {
    initialDelayMs: options.initialDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 5000,
  });
}
