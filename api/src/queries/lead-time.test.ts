import { describe, expect, it } from 'vitest';
import { humanDuration } from './lead-time.js';

describe('humanDuration', () => {
  it('spells days down to milliseconds', () => {
    expect(humanDuration(0)).toBe('0ms');
    expect(humanDuration(90_061_001)).toBe('1d 1h 1m 1s 1ms');
    expect(humanDuration(-1500)).toBe('-1s 500ms');
  });
});
