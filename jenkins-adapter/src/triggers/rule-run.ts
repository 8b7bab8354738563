import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '@tracey/common';
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

/**
 * Runs `work` until it is done, fails for good, has run `maxAttempts` times, or `signal` aborts,
 * waiting the rule's backoff between attempts; `onRetry` hears of each wait (the decision log).
 */
export async function runAttempts(
  retry: TriggerRule['retry'],
  signal: AbortSignal,
  what: string,
  maxAttempts: number,
  work: () => Promise<ActionOutcome>,
  onRetry: (reason: string, attempt: number) => void,
): Promise<AttemptsResult> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await work();
    if (signal.aborted) return { kind: 'interrupted' };
    if (outcome.kind === 'done') return { kind: 'done', detail: outcome.detail, attempt };
    if (outcome.kind === 'failed')
      return { kind: 'failed', reason: outcome.reason, attempt, exhausted: false };
    if (attempt >= maxAttempts) {
      const reason = `${what}: ${outcome.reason} (gave up after ${attempt} attempts)`;
      return { kind: 'failed', reason, attempt, exhausted: true };
    }
    const delayMs = backoffDelay(attempt, retry);
    onRetry(`${what}: ${outcome.reason}; next attempt in ${delayMs} ms`, attempt);
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      return { kind: 'interrupted' };
    }
  }
}
