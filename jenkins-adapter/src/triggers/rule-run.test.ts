import { describe, expect, it } from 'vitest';
import type { ActionOutcome } from './action-outcome.js';
import { runAttempts } from './rule-run.js';

const retry = { attempts: 5, initialDelayMs: 1, maxDelayMs: 2 };
const done: ActionOutcome = { kind: 'done', detail: 'ok' };
const script = (outcomes: ActionOutcome[]) => (): Promise<ActionOutcome> =>
  Promise.resolve(outcomes.shift() ?? done);

describe('runAttempts', () => {
  it('retries a retryable outcome, telling each wait, until the work is done', async () => {
    const retries: number[] = [];
    const work = script([
      { kind: 'retryable', reason: 'busy' },
      { kind: 'retryable', reason: 'busy' },
    ]);
    const result = await runAttempts(
      retry,
      new AbortController().signal,
      'jenkins',
      5,
      work,
      (_reason, attempt) => retries.push(attempt),
    );
    expect(result).toEqual({ kind: 'done', detail: 'ok', attempt: 3 });
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after maxAttempts, and stops at once on a failure for good', async () => {
    const signal = new AbortController().signal;
    const busy = () => Promise.resolve<ActionOutcome>({ kind: 'retryable', reason: 'busy' });
    expect(await runAttempts(retry, signal, 'jenkins', 2, busy, () => undefined)).toEqual({
      kind: 'failed',
      reason: 'jenkins: busy (gave up after 2 attempts)',
      attempt: 2,
      exhausted: true,
    });
    const gone = script([{ kind: 'failed', reason: 'no such job' }]);
    expect(await runAttempts(retry, signal, 'jenkins', 5, gone, () => undefined)).toEqual({
      kind: 'failed',
      reason: 'no such job',
      attempt: 1,
      exhausted: false,
    });
  });
});
