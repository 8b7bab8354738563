/** Exponential backoff between reconnect attempts. */
export interface BackoffOptions {
  /** Attempts in all, the first included. Default 3. */
  readonly attempts?: number;
  /** Delay before the second attempt, in ms. Default 100. */
  readonly initialDelayMs?: number;
  /** Longest delay, in ms. Default 5000. */
  readonly maxDelayMs?: number;
}

/** The delay before attempt `attempt` (1-based; the first has none), with ±20 % jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  if (attempt <= 1) return 0;
  const base = Math.min((options.initialDelayMs ?? 100) * 2 ** (attempt - 2), options.maxDelayMs ?? 5000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
