import { describe, expect, it } from 'vitest';
import { reachDifference, type DifferenceGraph, type FoundNode, type WalkNode } from './reach-difference.js';

/** A DAG as adjacency lists: node `i` links only to nodes with smaller indices. */
type Dag = string[][];

function randomDag(size: number, seed: number): Dag {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const dag: Dag = [];
  for (let i = 0; i < size; i++) {
    const links = new Set<string>();
    // A chain (history), plus a few links further back (shared components, merges).
    if (i > 0) links.add(String(i - 1 - Math.floor(random() * Math.min(i, 3))));
    for (let k = 0; k < 2; k++) if (i > 0 && random() < 0.4) links.add(String(Math.floor(random() * i)));
    dag.push([...links]);
  }
  return dag;
}

const node = (id: string): WalkNode => ({ id, type: 'T', time: Number(id), stored: true });

/** Everything `start` reaches, by a plain search: the oracle. */
function reach(dag: Dag, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    for (const next of dag[Number(stack.pop())] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** The graph the walk reads, with reachability from `exclude` answered by the oracle (`null`: none). */
function graphOf(dag: Dag, exclude: string | null, calls: { expanded: Set<string> }): DifferenceGraph {
  const shared = exclude === null ? new Set<string>() : reach(dag, exclude);
  if (exclude !== null) shared.add(exclude);
  return {
    expand: (ids, levels, perLevel) => {
      const found: FoundNode<WalkNode>[] = [];
      let frontier = ids;
      for (let level = 1; level <= levels; level++) {
        for (const id of frontier) calls.expanded.add(id);
        const next = new Map<string, FoundNode<WalkNode>>();
        for (const id of frontier)
          for (const to of dag[Number(id)] ?? [])
            next.set(to, { ...node(to), shared: shared.has(to), level });
        const cut = [...next.values()].slice(0, perLevel);
        found.push(...cut);
        frontier = cut.filter((n) => !n.shared && n.stored).map((n) => n.id);
      }
      // Any order: the walk sorts by level.
      return Promise.resolve(found.reverse());
    },
    isShared: (root) => Promise.resolve(shared.has(root.id)),
  };
}

describe('reachDifference', () => {
  it('equals reach(root) minus reach(exclude) on random DAGs, with breadth-first depths', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const dag = randomDag(400, seed);
      const root = String(399 - (seed % 5));
      // Every third graph has a wide root (a large composition): frontiers over 32 go a level at a time.
      if (seed % 3 === 0) dag[Number(root)] = Array.from({ length: 60 }, (_, k) => String(390 - k * 5));
      const exclude = String(300 + seed);
      const calls = { expanded: new Set<string>() };
      const result = await reachDifference(
        { root: node(root), exclude: node(exclude) },
        graphOf(dag, exclude, calls),
        10_000,
      );
      const old = reach(dag, exclude);
      old.add(exclude);
      const expected = [...reach(dag, root)].filter((id) => !old.has(id)).sort();
      expect([...result.nodes.keys()].sort(), `seed ${seed}`).toEqual(expected);
      // Depths: breadth-first from the root over the whole graph.
      let frontier = [root];
      const depths = new Map<string, number>();
      for (let depth = 1; frontier.length > 0; depth++) {
        const next: string[] = [];
        for (const id of frontier) {
          for (const to of dag[Number(id)] ?? []) {
            if (depths.has(to)) continue;
            depths.set(to, depth);
            next.push(to);
          }
        }
        frontier = next;
      }
      for (const [id, item] of result.nodes) expect(item.depth, `seed ${seed} ${id}`).toBe(depths.get(id));
      // Shared history is not walked: only the root and the difference are expanded.
      expect(
        [...calls.expanded].every((id) => id === root || expected.includes(id)),
        `seed ${seed}`,
      ).toBe(true);
    }
  });

  it('is empty when the excluded release reaches the root, and everything without an exclude', async () => {
    const dag = randomDag(100, 7);
    const calls = { expanded: new Set<string>() };
    const below = [...reach(dag, '90')].sort((a, b) => Number(b) - Number(a))[5] ?? '';
    const inside = await reachDifference(
      { root: node(below), exclude: node('90') },
      graphOf(dag, '90', calls),
      1000,
    );
    expect(inside.nodes.size).toBe(0);
    expect(calls.expanded.size).toBe(0);
    const all = await reachDifference({ root: node('99'), exclude: null }, graphOf(dag, null, calls), 1000);
    expect([...all.nodes.keys()].sort()).toEqual([...reach(dag, '99')].sort());
  });

  it('refuses past the budget with a 422 naming it', async () => {
    const dag = randomDag(500, 3);
    await expect(
      reachDifference(
        { root: node('499'), exclude: null },
        graphOf(dag, null, { expanded: new Set<string>() }),
        50,
      ),
    ).rejects.toMatchObject({ code: 'API_LIMIT_EXCEEDED', details: { limit: 'searchBudget', value: 50 } });
    // One level wider than the budget: the graph hands back budget + 1 of it, enough to refuse.
    const wide: Dag = [
      ...Array.from({ length: 100 }, () => []),
      Array.from({ length: 100 }, (_, k) => String(k)),
    ];
    await expect(
      reachDifference({ root: node('100'), exclude: null }, graphOf(wide, null, { expanded: new Set() }), 20),
    ).rejects.toMatchObject({ code: 'API_LIMIT_EXCEEDED', details: { limit: 'searchBudget', value: 20 } });
  });

  it('keeps placeholders in the difference without expanding them', async () => {
    const graph: DifferenceGraph = {
      expand: (ids) =>
        Promise.resolve(
          ids.includes('r')
            ? [{ id: 'missing', type: null, time: null, stored: false, shared: false, level: 1 }]
            : [],
        ),
      isShared: () => Promise.resolve(false),
    };
    const result = await reachDifference({ root: node('r'), exclude: node('x') }, graph, 10);
    expect([...result.nodes.values()]).toEqual([
      { id: 'missing', type: null, time: null, stored: false, depth: 1 },
    ]);
    expect(result.rounds).toBe(1);
  });
});
