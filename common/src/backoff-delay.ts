/** How long to wait between retries: doubling from `initialDelayMs` up to `maxDelayMs`. */
export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (1 = the first retry). Half of it is fixed and half random
 * ("equal jitter"), so that workers and producers that failed together do not retry together.
 */
export function backoffDelay(retry: number, policy: BackoffPolicy): number {
  const doublings = Math.min(Math.max(retry, 1) - 1, 30);
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** doublings);
  return Math.round(base * (0.5 + Math.random() / 2));
}
