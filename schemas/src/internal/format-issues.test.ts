import { describe, expect, it } from 'vitest';
import { describe as describeValue, formatPath } from './format-issues.js';

describe('formatPath', () => {
  it('writes paths as they read in code', () => {
    expect(formatPath(['links', 2, 'type'])).toBe('links[2].type');
    expect(formatPath(['data', 'outcome', 'conclusion'])).toBe('data.outcome.conclusion');
    expect(formatPath(['data', 'odd key', 0])).toBe('data["odd key"][0]');
    expect(formatPath([])).toBe('');
  });

  it('describes values briefly', () => {
    expect(describeValue('x'.repeat(100))).toHaveLength(62);
    expect(describeValue(3)).toBe('number 3');
    expect(describeValue({})).toBe('an object');
  });
});
