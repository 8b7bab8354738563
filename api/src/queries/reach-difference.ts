import { apiError } from '../api-error.js';

/** A node the walk has seen. `time` is `null` for a placeholder (linked to, never stored). */
export interface WalkNode {
  readonly id: string;
  readonly type: string | null;
  readonly time: number | null;
  readonly stored: boolean;
}

/** The graph as the walk reads it: one level at a time, each node with whether `exclude` reaches it. */
export interface DifferenceGraph {
  /**
   * The nodes `ids` link to by the followed links, and for each whether the excluded root reaches
   * it too (by the same links). One round trip per level.
   */
  expand(ids: readonly string[]): Promise<readonly (WalkNode & { readonly shared: boolean })[]>;
  /** Whether the excluded root reaches `node`. */
  isShared(node: WalkNode): Promise<boolean>;
}

/** The nodes `root` reaches that `exclude` does not, each at its fewest links from `root`. */
export interface Difference {
  readonly nodes: Map<string, WalkNode & { readonly depth: number }>;
  /** Distinct nodes the walk saw: the difference and its border (nodes `exclude` reaches). */
  readonly visited: number;
  /** Levels walked: one round trip each. */
  readonly rounds: number;
}

/**
 * What `root` reaches and `exclude` does not (git's `exclude..root`), without walking either
 * history: breadth-first from `root`, each level's new nodes asked in the same round trip whether
 * `exclude` reaches them; those it reaches are the shared history and the walk stops there,
 * since all they reach `exclude` reaches too. Every path from `root` into the difference stays inside it,
 * so the breadth-first depth is the node's depth from `root`. `exclude` `null`: all `root` reaches.
 * @throws API_LIMIT_EXCEEDED when the walk would see more than `budget` nodes
 */
export async function reachDifference(
  roots: { readonly root: WalkNode; readonly exclude: WalkNode | null },
  graph: DifferenceGraph,
  budget: number,
): Promise<Difference> {
  const nodes = new Map<string, WalkNode & { depth: number }>();
  const seen = new Set([roots.root.id]);
  let rounds = 0;
  if (roots.exclude !== null && (await graph.isShared(roots.root))) return { nodes, visited: 1, rounds };
  let frontier: WalkNode[] = [roots.root];
  for (let depth = 1; frontier.length > 0; depth++) {
    rounds++;
    const next: WalkNode[] = [];
    for (const { shared, ...target } of await graph.expand(frontier.map((node) => node.id))) {
      if (seen.has(target.id)) continue;
      if (seen.size >= budget) {
        throw apiError(
          'API_LIMIT_EXCEEDED',
          `the difference needs more than ${budget} events (the search budget, TRACEY_API_SEARCH_BUDGET); pick a nearer since`,
          { limit: 'searchBudget', value: budget },
        );
      }
      seen.add(target.id);
      // What `exclude` reaches is shared history, and so is everything below it.
      if (shared && roots.exclude !== null) continue;
      nodes.set(target.id, { ...target, depth });
      // Placeholders link to nothing.
      if (target.stored) next.push(target);
    }
    frontier = next;
  }
  return { nodes, visited: seen.size, rounds };
}
