import { describe, expect, it } from 'vitest';
import { reconnectLoop, retry } from './retry.js';

const fast = { initialDelayMs: 1, maxDelayMs: 2 };

describe('retry', () => {
  it('runs until the work succeeds, telling of each retry', async () => {
    const heard: number[] = [];
    const result = await retry(
      (attempt) => (attempt < 3 ? Promise.reject(new Error(`attempt ${attempt}`)) : Promise.resolve(attempt)),
      { policy: fast, onRetry: (_error, attempt) => heard.push(attempt) },
    );
    expect(result).toBe(3);
    expect(heard).toEqual([1, 2]);
  });

  it('gives up with the last error after the attempts, or at once when not retryable', async () => {
    let runs = 0;
    const failing = (attempt: number): Promise<never> => {
      runs++;
      return Promise.reject(new Error(`attempt ${attempt}`));
    };
    await expect(retry(failing, { policy: fast, attempts: 3 })).rejects.toThrow('attempt 3');
    expect(runs).toBe(3);
    await expect(retry(failing, { policy: fast, retryable: () => false })).rejects.toThrow('attempt 1');
    expect(runs).toBe(4);
  });

  it('ends a wait at once when the signal aborts, with the last error', async () => {
    const stop = new AbortController();
    const started = performance.now();
    const running = retry(() => Promise.reject(new Error('down')), {
      policy: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      signal: stop.signal,
    });
    setTimeout(() => stop.abort(), 10);
    await expect(running).rejects.toThrow('down');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('reconnectLoop', () => {
  it('connects again after failed connects and lost sessions, until stopped', async () => {
    const stop = new AbortController();
    const events: string[] = [];
    let connects = 0;
    const loop = reconnectLoop<number>({
      connect: () => {
        connects++;
        return connects === 1 ? Promise.reject(new Error('refused')) : Promise.resolve(connects);
      },
      // The first session is lost at once; the second ends because the loop stops.
      ended: (session) => {
        if (session === 3) stop.abort();
        return Promise.resolve(`lost ${session}`);
      },
      close: () => Promise.resolve(),
      policy: fast,
      signal: stop.signal,
      onConnected: (session) => events.push(`connected ${session}`),
      onEnded: (cause) => events.push(String(cause)),
      onConnectFailed: (error, attempt) => events.push(`failed ${attempt}: ${(error as Error).message}`),
    });
    await loop;
    expect(events).toEqual(['failed 1: refused', 'connected 2', 'lost 2', 'connected 3', 'lost 3']);
  });

  it('rejects with what onConnectFailed throws: giving up', async () => {
    const loop = reconnectLoop({
      connect: () => Promise.reject(new Error('refused')),
      ended: () => new Promise(() => undefined),
      close: () => Promise.resolve(),
      policy: fast,
      signal: new AbortController().signal,
      onConnectFailed: (error, attempt) => {
        if (attempt >= 2) throw error;
      },
    });
    await expect(loop).rejects.toThrow('refused');
  });

  it('closes a session that opened after the loop was stopped', async () => {
    const stop = new AbortController();
    const closed: number[] = [];
    await reconnectLoop<number>({
      connect: () => {
        stop.abort();
        return Promise.resolve(7);
      },
      ended: () => new Promise(() => undefined),
      close: (session) => {
        closed.push(session);
        return Promise.resolve();
      },
      policy: fast,
      signal: stop.signal,
    });
    expect(closed).toEqual([7]);
  });
});
