import { retry } from '@tracey/common';
import type { ActionOutcome } from './action-outcome.js';
import type { TriggerRule } from './trigger-rule.js';

/** What {@link runAttempts} came to. */
export type AttemptsResult =
  | { readonly kind: 'done'; readonly detail: string; readonly attempt: number }
  | {
      readonly kind: 'failed';
      readonly reason: string;
      readonly attempt: number;
      readonly exhausted: boolean;
    }
  | { readonly kind: 'interrupted' };

// A `retryable` outcome as what `retry()` retries; other errors are bugs and pass through.
class RetryableOutcome extends Error {
  constructor(
    readonly reason: string,
    readonly attempt: number,
  ) {
    super(reason);
  }
}

/**
 * Runs `work` until it is done, fails for good, has run `maxAttempts` times, or `signal` aborts,
 * waiting the rule's backoff between attempts; `onRetry` hears of each wait (the decision log).
 */
export async function runAttempts(
  policy: TriggerRule['retry'],
  signal: AbortSignal,
  what: string,
  maxAttempts: number,
  work: () => Promise<ActionOutcome>,
  onRetry: (reason: string, attempt: number) => void,
): Promise<AttemptsResult> {
  try {
    return await retry(
      async (attempt): Promise<AttemptsResult> => {
        const outcome = await work();
        if (signal.aborted) return { kind: 'interrupted' };
        if (outcome.kind === 'done') return { kind: 'done', detail: outcome.detail, attempt };
        if (outcome.kind === 'failed')
          return { kind: 'failed', reason: outcome.reason, attempt, exhausted: false };
        throw new RetryableOutcome(outcome.reason, attempt);
      },
      {
        policy,
        signal,
        attempts: maxAttempts,
        retryable: (error) => error instanceof RetryableOutcome,
        onRetry: (error, attempt, delayMs) =>
          onRetry(`${what}: ${(error as RetryableOutcome).reason}; next attempt in ${delayMs} ms`, attempt),
      },
    );
  } catch (error) {
    if (!(error instanceof RetryableOutcome)) throw error;
    // Aborted during a wait, or the attempts are spent.
    if (signal.aborted) return { kind: 'interrupted' };
    const reason = `${what}: ${error.reason} (gave up after ${error.attempt} attempts)`;
    return { kind: 'failed', reason, attempt: error.attempt, exhausted: true };
  }
}
