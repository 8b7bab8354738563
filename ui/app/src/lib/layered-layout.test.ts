import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layered-layout.js';

// The large-graph layout: every link goes left to right and no two events share a place, on the
// shape of a long history (branches of commits merged into one release). Its speed: bench:ui.
describe('layeredLayout', () => {
  const release = (branches: number, commits: number) => {
    const ids: string[] = [];
    const edges: { from: string; to: string }[] = [];
    for (let b = 0; b < branches; b++) {
      for (let c = 0; c < commits; c++) {
        ids.push(`scc-${b}-${c}`, `scs-${b}-${c}`);
        if (c > 0) edges.push({ from: `scs-${b}-${c - 1}`, to: `scc-${b}-${c}` });
        edges.push({ from: `scc-${b}-${c}`, to: `scs-${b}-${c}` });
      }
      edges.push({ from: `scs-${b}-${commits - 1}`, to: 'composition' });
      if (b > 0 && b % 5 === 0) edges.push({ from: `scs-${b - 1}-${commits - 1}`, to: `scc-${b}-0` });
    }
    ids.push('composition', 'artifact');
    edges.push({ from: 'composition', to: 'artifact' });
    return { ids, edges };
  };
  const options = { columnWidth: 210, rowHeight: 56 };

  it('places every link left to right and every event apart', () => {
    const input = release(40, 25);
    const positions = layeredLayout(input, options);
    expect(Object.keys(positions)).toHaveLength(input.ids.length);
    for (const { from, to } of input.edges) {
      expect(positions[from]?.x ?? 0, `${from} → ${to}`).toBeLessThan(positions[to]?.x ?? 0);
    }
    const places = new Set(Object.values(positions).map(({ x, y }) => `${x}:${y}`));
    expect(places.size).toBe(input.ids.length);
  });

  it('keeps going past a cycle (links that should never be) and an edge to an unknown event', () => {
    const positions = layeredLayout(
      {
        ids: ['a', 'b', 'c'],
        edges: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'b' },
          { from: 'a', to: 'nowhere' },
        ],
      },
      options,
    );
    expect(Object.keys(positions).sort()).toEqual(['a', 'b', 'c']);
    expect(new Set(Object.values(positions).map(({ x, y }) => `${x}:${y}`)).size).toBe(3);
  });
});
