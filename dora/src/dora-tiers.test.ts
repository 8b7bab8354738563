import { describe, expect, it } from 'vitest';
import { tierOf } from './dora-tiers.js';
import { percentile, summarize } from './duration-summary.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('tierOf', () => {
  it('puts each figure in the first tier whose bound it meets, by 2023', () => {
    expect(
      [2, 1, 0.5, 1 / 7, 0.1, 1 / 30, 0.01].map((v) => tierOf('deploymentFrequency', v, '2023')),
    ).toEqual(['elite', 'elite', 'high', 'high', 'medium', 'medium', 'low']);
    expect(
      [HOUR, DAY - 1, DAY, 7 * DAY, 30 * DAY - 1, 30 * DAY].map((v) => tierOf('leadTime', v, '2023')),
    ).toEqual(['elite', 'elite', 'high', 'medium', 'medium', 'low']);
    expect([0, 0.05, 0.06, 0.1, 0.15, 0.16].map((v) => tierOf('changeFailureRate', v, '2023'))).toEqual([
      'elite',
      'elite',
      'high',
      'high',
      'medium',
      'low',
    ]);
    expect([HOUR - 1, HOUR, DAY, 7 * DAY].map((v) => tierOf('recoveryTime', v, '2023'))).toEqual([
      'elite',
      'high',
      'medium',
      'low',
    ]);
  });

  it('differs by 2021 where the reports differ, and has none without a value', () => {
    expect(tierOf('leadTime', 2 * HOUR, '2021')).toBe('high');
    expect(tierOf('leadTime', 2 * HOUR, '2023')).toBe('elite');
    expect(tierOf('changeFailureRate', 0.15, '2021')).toBe('elite');
    expect(tierOf('changeFailureRate', 0.2, '2021')).toBe('high');
    expect(tierOf('changeFailureRate', 0.25, '2021')).toBe('medium');
    expect(tierOf('changeFailureRate', 0.31, '2021')).toBe('low');
    expect(tierOf('deploymentFrequency', 0.05, '2021')).toBe('high');
    expect(tierOf('leadTime', null, '2023')).toBeNull();
  });
});

describe('percentiles', () => {
  it('are nearest-rank: always one of the values', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 75)).toBe(3);
    expect(percentile([1, 2, 3, 4], 90)).toBe(4);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('summarize sorts first and counts the sample', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(summarize(values)).toEqual({ sample: 10, medianMs: 5, p75Ms: 8, p90Ms: 9 });
    expect(summarize([])).toEqual({ sample: 0, medianMs: null, p75Ms: null, p90Ms: null });
  });
});
