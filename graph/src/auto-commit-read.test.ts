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
  const schedule = () => {
    const waits: number[] = [];
    return { waits, sleep: (ms: number) => (waits.push(ms), Promise.resolve()) };
  };

  it('retries what Neo4j calls retryable, waiting about twice as long each time', async () => {
    const { waits, sleep } = schedule();
    let attempts = 0;
    const answer = await retryRead(
      () => (++attempts < 4 ? Promise.reject(driverError('ServiceUnavailable')) : Promise.resolve('read')),
      { budgetMs: 60_000, firstDelayMs: 100, sleep },
    );
    expect(answer).toBe('read');
    expect(attempts).toBe(4);
    expect(waits).toHaveLength(3);
    waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual(0.8 * 100 * 2 ** index);
      expect(wait).toBeLessThanOrEqual(1.2 * 100 * 2 ** index);
    });
  });

  it('fails at once on what is not retryable: a syntax error, an access-mode refusal, our own errors', async () => {
    for (const error of [
      driverError('Neo.ClientError.Statement.SyntaxError'),
      driverError('Neo.ClientError.Statement.AccessMode'),
      new Error('not a driver error'),
    ]) {
      const { waits, sleep } = schedule();
      await expect(
        retryRead(() => Promise.reject(error), { budgetMs: 60_000, firstDelayMs: 1, sleep }),
      ).rejects.toBe(error);
      expect(waits).toEqual([]);
    }
  });

  it('gives up with the last error once the budget is spent', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    let attempts = 0;
    const transient = driverError('Neo.TransientError.General.DatabaseUnavailable');
    await expect(
      retryRead(
        () => {
          attempts++;
          return Promise.reject(transient);
        },
        {
          budgetMs: 5_000,
          firstDelayMs: 1_000,
          sleep: (ms) => {
            now += ms;
            return Promise.resolve();
          },
        },
      ),
    ).rejects.toBe(transient);
    // Waits of about 1, 2 and 4 s: the budget is spent after the third, before a fifth attempt.
    expect(attempts).toBe(4);
    vi.restoreAllMocks();
  });
});
