import { describe, expect, it } from 'vitest';
import { nestedDeeperThan } from './nesting-depth.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan('text', 0)).toBe(false);
    expect(nestedDeeperThan({}, 0)).toBe(true);
    expect(nestedDeeperThan(nested(3), 3)).toBe(false);
    expect(nestedDeeperThan(nested(4), 3)).toBe(true);
    expect(nestedDeeperThan({ a: 1, b: [1, 2], c: { d: null } }, 2)).toBe(false);
  });

  it('takes 100,000 levels without recursing', () => {
    expect(nestedDeeperThan(nested(100_000), 100)).toBe(true);
  });
});
