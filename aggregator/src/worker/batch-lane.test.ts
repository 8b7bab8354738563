import { describe, expect, it } from 'vitest';
import { BatchLane } from './batch-lane.js';

interface Item {
  readonly id: string;
  readonly bytes: number;
  readonly receivedAt: number;
}

describe('BatchLane', () => {
  it('cuts batches by count and by bytes, always taking at least one item', async () => {
    const batches: string[][] = [];
    const lane = new BatchLane<Item>({
      batchSize: 3,
      batchBytes: 100,
      batchMs: 10_000,
      concurrency: 1,
      write: (batch) => {
        batches.push(batch.map((item) => item.id));
        return Promise.resolve();
      },
      live: () => true,
    });
    const running = lane.run();
    const sizes: [string, number][] = [
      ['a', 10],
      ['b', 10],
      ['c', 10],
      ['d', 60],
      ['e', 60],
      ['huge', 500],
      ['f', 1],
    ];
    for (const [id, bytes] of sizes) lane.push({ id, bytes, receivedAt: Date.now() });
    lane.close();
    await running;
    expect(batches).toEqual([['a', 'b', 'c'], ['d'], ['e'], ['huge'], ['f']]);
  });

  it('writes a partial batch once its oldest item waited batchMs, and drops items no longer live', async () => {
    const batches: string[][] = [];
    const lane = new BatchLane<Item>({
      batchSize: 100,
      batchBytes: 1_000,
      batchMs: 20,
      concurrency: 2,
      write: (batch) => {
        batches.push(batch.map((item) => item.id));
        return Promise.resolve();
      },
      live: (item) => item.id !== 'gone',
    });
    const running = lane.run();
    lane.push({ id: 'a', bytes: 1, receivedAt: Date.now() });
    lane.push({ id: 'gone', bytes: 1, receivedAt: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(batches).toEqual([['a']]);
    lane.close();
    await running;
  });
});
