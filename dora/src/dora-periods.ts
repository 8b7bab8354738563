/** How `/dora` groups its figures by time (UTC). */
export type DoraPeriod = 'day' | 'week' | 'month' | 'year';

const DAY_MS = 86_400_000;

/** The start of the period holding `time`, in ms; weeks start on Monday (ISO). */
export function periodStart(time: number, period: DoraPeriod): number {
  const day = new Date(time);
  const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()];
  switch (period) {
    case 'day':
      return Date.UTC(y, m, d);
    case 'week':
      return Date.UTC(y, m, d - ((day.getUTCDay() + 6) % 7));
    case 'month':
      return Date.UTC(y, m, 1);
    case 'year':
      return Date.UTC(y, 0, 1);
  }
}

/** The start of the period after the one starting at `start`. */
export function nextPeriod(start: number, period: DoraPeriod): number {
  const day = new Date(start);
  switch (period) {
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month':
      return Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1);
    case 'year':
      return Date.UTC(day.getUTCFullYear() + 1, 0, 1);
  }
}

/** The periods overlapping `[since, until)`, each clipped to it. */
export function periodsOf(
  since: number,
  until: number,
  period: DoraPeriod,
): { start: number; from: number; to: number }[] {
  const periods: { start: number; from: number; to: number }[] = [];
  for (let start = periodStart(since, period); start < until; start = nextPeriod(start, period)) {
    periods.push({ start, from: Math.max(start, since), to: Math.min(nextPeriod(start, period), until) });
  }
  return periods;
}
