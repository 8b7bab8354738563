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

  it('counts what JSON text nests, brackets inside strings left out', () => {
    expect(nestedDeeperThan(JSON.parse('{"a":{"b":[{"c":1}]}}'), 4)).toBe(false);
    expect(nestedDeeperThan(JSON.parse('{"a":{"b":[{"c":1}]}}'), 3)).toBe(true);
    expect(nestedDeeperThan(JSON.parse('[[1],[2],[3],[4]]'), 2)).toBe(false);
    expect(nestedDeeperThan({ a: '[[[[{{{{' }, 1)).toBe(false);
    expect(nestedDeeperThan(JSON.parse(JSON.stringify({ a: 'say \\"[[[[\\" and "{{{{"' })), 1)).toBe(false);
  });

  it('takes 100,000 levels without recursing', () => {
    expect(nestedDeeperThan(nested(100_000), 100)).toBe(true);
  });
});
