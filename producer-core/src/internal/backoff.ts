import type { BackoffPolicy } from '@tracey/common';

/** Exponential backoff between reconnect attempts. */
export interface BackoffOptions {
  /** Attempts in all, the first included. Default 3. */
  readonly attempts?: number;
  /** Delay before the second attempt, in ms. Default 100. */
  readonly initialDelayMs?: number;
  /** Longest delay, in ms. Default 5000. */
  readonly maxDelayMs?: number;
}

/** The delays of `options`, with their defaults, for `retry()`. */
export function backoffPolicy(options: BackoffOptions): BackoffPolicy {
  return { initialDelayMs: options.initialDelayMs ?? 100, maxDelayMs: options.maxDelayMs ?? 5000 };
}
