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

  it('agrees with a recursive depth over random JSON values', () => {
    // An independent count: the depth of a value, recursively (the values here are shallow).
    const depth = (value: unknown): number =>
      typeof value !== 'object' || value === null ? 0 : 1 + Math.max(0, ...Object.values(value).map(depth));
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const make = (levels: number): unknown => {
      const pick = random();
      if (levels === 0 || pick < 0.3) return pick < 0.1 ? null : pick < 0.2 ? 'x' : 7;
      const children = Array.from({ length: Math.floor(random() * 4) }, () => make(levels - 1));
      return pick < 0.65 ? children : Object.fromEntries(children.map((child, i) => [`k${i}`, child]));
    };
    for (let i = 0; i < 500; i++) {
      const value = make(8);
      const d = depth(value);
      expect(nestedDeeperThan(value, d)).toBe(false);
      if (d > 0) expect(nestedDeeperThan(value, d - 1)).toBe(true);
    }
  });
});
