import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.js';

describe('RecentIds', () => {
  it('forgets the least recently added id beyond its capacity', () => {
    const recent = new RecentIds(2);
    recent.add('a');
    recent.add('b');
    recent.add('a'); // refreshed: b is now the oldest
    recent.add('c');
    expect([recent.has('a'), recent.has('b'), recent.has('c'), recent.size]).toEqual([true, false, true, 2]);
  });
});
