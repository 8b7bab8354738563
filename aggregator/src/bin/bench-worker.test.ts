import { describe, expect, it } from 'vitest';
import { bucketQuantile, bucketsSince, histogramBuckets, histogramQuantile } from './bench-worker.js';

const NAME = 'tracey_aggregator_ingest_latency_seconds';
const LE = [0.1, 0.5, 1, 5, Infinity];

/** A worker's exposition of its observed latencies: cumulative buckets, as prom-client writes them. */
function exposition(values: readonly number[]): string {
  return [
    `# TYPE ${NAME} histogram`,
    ...LE.map(
      (le) =>
        `${NAME}_bucket{le="${le === Infinity ? '+Inf' : le}"} ${values.filter((value) => value <= le).length}`,
    ),
    `${NAME}_count ${values.length}`,
  ].join('\n');
}

describe('histogramQuantile over several workers', () => {
  it('answers the quantiles of the histogram of all their observations', () => {
    const first = [0.05, 0.2, 0.3, 0.7, 2];
    const second = [0.08, 0.09, 0.4, 3, 4, 4.5, 6];
    const workers = [exposition(first), exposition(second)];
    const all = exposition([...first, ...second]);
    for (const q of [0.1, 0.5, 0.9, 0.99])
      expect(histogramQuantile(workers, NAME, q)).toBeCloseTo(histogramQuantile(all, NAME, q), 9);
    // Median of 12 observations: the 6th is the last of the 3 in (0.1, 0.5], after 3 below it.
    expect(histogramQuantile(workers, NAME, 0.5)).toBeCloseTo(0.1 + (0.4 * (6 - 3)) / 3, 9);
  });
});

describe('bucketsSince', () => {
  it('leaves the observations made between two scrapes, whose quantiles are theirs alone', () => {
    const before = [0.05, 0.07, 0.09, 3];
    const between = [0.2, 0.3, 0.4, 0.45, 0.7];
    const earlier = histogramBuckets(exposition(before), NAME);
    const later = histogramBuckets(exposition([...before, ...between]), NAME);
    const since = bucketsSince(later, earlier);
    expect(since).toEqual(histogramBuckets(exposition(between), NAME));
    // 4 of the 5 in (0.1, 0.5], 1 in (0.5, 1]: the median is the third of those 4, the maximum ≤ 1.
    expect(bucketQuantile(since, 0.5)).toBeCloseTo(0.1 + (0.4 * 2.5) / 4, 9);
    expect(bucketQuantile(since, 1)).toBe(1);
  });
});
