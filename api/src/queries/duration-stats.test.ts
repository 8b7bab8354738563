import { describe, expect, it } from 'vitest';
import { durationStats, isoWeekStart } from './duration-stats.js';

describe('durationStats', () => {
  it('gives nearest-rank percentiles, always one of the values', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(durationStats(values)).toEqual({
      count: 100,
      min: 1,
      p50: 50,
      p90: 90,
      p99: 99,
      max: 100,
      mean: 51,
    });
    expect(durationStats([7])).toEqual({ count: 1, min: 7, p50: 7, p90: 7, p99: 7, max: 7, mean: 7 });
    expect(durationStats([1, 2, 10])).toMatchObject({ p50: 2, p90: 10, mean: 4 });
  });

  it('has no figures for no values', () => {
    expect(durationStats([])).toEqual({
      count: 0,
      min: null,
      p50: null,
      p90: null,
      p99: null,
      max: null,
      mean: null,
    });
  });
});

describe('isoWeekStart', () => {
  it('is the Monday (UTC) of the week', () => {
    expect(isoWeekStart(Date.parse('2026-11-23T08:00:00Z'))).toBe('2026-11-23');
    expect(isoWeekStart(Date.parse('2026-11-29T23:59:59Z'))).toBe('2026-11-23');
    expect(isoWeekStart(Date.parse('2027-01-01T00:00:00Z'))).toBe('2026-12-28');
    expect(isoWeekStart(0)).toBe('1969-12-29');
  });
});
