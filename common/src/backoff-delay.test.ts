import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff-delay.js';

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles from the initial delay, between half and all of it', () => {
    for (const [retry, base] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
    ] as const) {
      for (let i = 0; i < 50; i += 1) {
        const delay = backoffDelay(retry, policy);
        expect(delay).toBeGreaterThanOrEqual(base / 2);
        expect(delay).toBeLessThanOrEqual(base);
      }
    }
  });

  it('never waits longer than the maximum, however many retries', () => {
    expect(backoffDelay(5, policy)).toBeLessThanOrEqual(1_000);
    expect(backoffDelay(10_000, policy)).toBeLessThanOrEqual(1_000);
    expect(backoffDelay(10_000, policy)).toBeGreaterThanOrEqual(500);
  });
});
