import { Neo4jError, type Session } from 'neo4j-driver';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autoCommitReads, retryRead, withoutStackCapture } from './auto-commit-read.js';

const driverError = (code: string) => new Neo4jError('boom', code, '50N42', 'general processing exception');

describe('withoutStackCapture', () => {
  it('captures no frames inside and puts the limit back, also when the run throws', () => {
    const before = Error.stackTraceLimit;
    expect(withoutStackCapture(() => new Error('x').stack)).toBe('Error: x');
    expect(() =>
      withoutStackCapture(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('y').stack?.split('\n').length).toBeGreaterThan(1);
  });
});

describe('autoCommitReads', () => {
  afterEach(() => vi.restoreAllMocks());

  const recordingSession = () => {
    const runs: { query: unknown; parameters: unknown; config: unknown }[] = [];
    const session = {
      run: (query: unknown, parameters: unknown, config: unknown) => {
        runs.push({ query, parameters, config });
        return 'a result';
      },
    } as unknown as Session;
    return { session, runs };
  };

  it('runs each statement in the session with what is left of the timeout', () => {
    let now = 1_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { session, runs } = recordingSession();
    const tx = autoCommitReads(session, 500);
    expect(tx.run('RETURN 1', { a: 1 })).toBe('a result');
    now += 120.5;
    tx.run('RETURN 2');
    now += 1_000;
    tx.run('RETURN 3');
    expect(runs).toEqual([
      { query: 'RETURN 1', parameters: { a: 1 }, config: { timeout: 500 } },
      { query: 'RETURN 2', parameters: undefined, config: { timeout: 380 } },
      // Past the deadline: Neo4j ends it at once with its own timeout error.
      { query: 'RETURN 3', parameters: undefined, config: { timeout: 1 } },
    ]);
  });

  it("leaves the server's timeout without one", () => {
    const { session, runs } = recordingSession();
    autoCommitReads(session, undefined).run('RETURN 1');
    expect(runs[0]?.config).toEqual({});
  });
});

describe('retryRead', () => {
  const transient = () => driverError('Neo.TransientError.General.DatabaseUnavailable');
  const quick = { budgetMs: 60_000, policy: { initialDelayMs: 1, maxDelayMs: 4 } };

  it('retries what Neo4j calls retryable until it succeeds', async () => {
    let attempts = 0;
    const answer = await retryRead(
      () => (++attempts < 4 ? Promise.reject(driverError('ServiceUnavailable')) : Promise.resolve('read')),
      quick,
    );
    expect(answer).toBe('read');
    expect(attempts).toBe(4);
  });

  it('fails at once on what is not retryable: a syntax error, an access-mode refusal, our own errors', async () => {
    for (const error of [
      driverError('Neo.ClientError.Statement.SyntaxError'),
      driverError('Neo.ClientError.Statement.AccessMode'),
      // A timeout the read set itself: retrying it would only time out again.
      driverError('Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'),
      new Error('not a driver error'),
    ]) {
      let attempts = 0;
      await expect(
        retryRead(() => {
          attempts++;
          return Promise.reject(error);
        }, quick),
      ).rejects.toBe(error);
      expect(attempts).toBe(1);
    }
  });

  it('gives up with the last error once the budget is spent, a wait cut short', async () => {
    let attempts = 0;
    const failure = transient();
    const started = performance.now();
    await expect(
      retryRead(
        () => {
          attempts++;
          return Promise.reject(failure);
        },
        // Waits of 5–10 s against a budget of 300 ms: one attempt, maybe two, and the wait cut short.
        { budgetMs: 300, policy: { initialDelayMs: 10_000, maxDelayMs: 10_000 } },
      ),
    ).rejects.toBe(failure);
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(2);
    // Far below the shortest uncut wait (5 s), far above the budget: a loaded CI machine cannot flip it.
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});
