/** Median and upper percentiles of durations in ms; `null` members when there are none. */
export interface DurationSummary {
  readonly sample: number;
  readonly medianMs: number | null;
  readonly p75Ms: number | null;
  readonly p90Ms: number | null;
}

/**
 * Nearest-rank percentile: the smallest value with at least `p` % of the values at or below it,
 * always one of the values (as the API's `/lead-time/stats`), so the median of 1, 2, 3, 4 is 2.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** The summary of `values` (any order). */
export function summarize(values: readonly number[]): DurationSummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    sample: sorted.length,
    medianMs: percentile(sorted, 50),
    p75Ms: percentile(sorted, 75),
    p90Ms: percentile(sorted, 90),
  };
}
