/** Summary of a set of durations, in ms; `null` members when the set is empty. */
export interface DurationStats {
  readonly count: number;
  readonly min: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /** Rounded to the millisecond. */
  readonly mean: number | null;
}

/**
 * Count, extremes, nearest-rank percentiles (the smallest value with at least p % of the values
 * at or below it, always one of the values) and the mean of `values`.
 */
export function durationStats(values: readonly number[]): DurationStats {
  if (values.length === 0)
    return { count: 0, min: null, p50: null, p90: null, p99: null, max: null, mean: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] as number,
    p50: rank(50),
    p90: rank(90),
    p99: rank(99),
    max: sorted.at(-1) as number,
    mean: Math.round(sum / sorted.length),
  };
}

/** Monday (UTC) of the ISO week of `time`, as `YYYY-MM-DD`. */
export function isoWeekStart(time: number): string {
  const day = new Date(time);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  const monday = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - sinceMonday);
  return new Date(monday).toISOString().slice(0, 10);
}
