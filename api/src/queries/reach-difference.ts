import { apiError } from '../api-error.js';

/** A node the walk has seen. `time` is `null` for a placeholder (linked to, never stored). */
export interface WalkNode {
  readonly id: string;
  readonly type: string | null;
  readonly time: number | null;
  readonly stored: boolean;
}

/** A node an expansion found: `level` links below the nearest of the ids expanded. */
export type FoundNode<N extends WalkNode> = N & { readonly shared: boolean; readonly level: number };

/** The graph as the walk reads it: a few levels per round trip, each node with whether `exclude` reaches it. */
export interface DifferenceGraph<N extends WalkNode = WalkNode> {
  /**
   * Breadth-first below `ids`, `levels` levels deep (1 or more) in one round trip: the nodes
   * `ids` link to by the followed links (level 1), then the nodes those of level 1 that are
   * stored and not shared link to (level 2), and so on; each node with whether the excluded root
   * reaches it too (by the same links). A node may come at more than one level; a level holds at
   * most `perLevel` distinct nodes (more are left out: the walk has passed its budget then).
   */
  expand(ids: readonly string[], levels: number, perLevel: number): Promise<readonly FoundNode<N>[]>;
  /** Whether the excluded root reaches `node`. */
  isShared(node: WalkNode): Promise<boolean>;
}

/** The nodes `root` reaches that `exclude` does not, each at its fewest links from `root`. */
export interface Difference<N extends WalkNode = WalkNode> {
  readonly nodes: Map<string, N & { readonly depth: number }>;
  /** Distinct nodes the walk saw: the difference and its border (nodes `exclude` reaches). */
  readonly visited: number;
  /** Round trips of expansion. */
  readonly rounds: number;
}

/**
 * Levels walked in one round trip: release notes walk a handful of nodes per level, so round
 * trips, not nodes, are their cost — one node (the release itself, a chain of changes) goes six
 * levels deep, a few up to 32 three, more one at a time. A level never holds more than the budget
 * allows, so a deep statement does at most a few times the work of single levels.
 */
function levelsFor(frontier: readonly string[]): number {
  if (frontier.length === 1) return 6;
  return frontier.length <= 32 ? 3 : 1;
}

/**
 * What `root` reaches and `exclude` does not (git's `exclude..root`), without walking either
 * history: breadth-first from `root`, each level's new nodes asked in the same round trip whether
 * `exclude` reaches them; those it reaches are the shared history and the walk stops there,
 * since all they reach `exclude` reaches too. Every path from `root` into the difference stays inside it,
 * so the breadth-first depth is the node's depth from `root`. `exclude` `null`: all `root` reaches
 * (the graph then finds nothing shared).
 * @throws API_LIMIT_EXCEEDED when the walk would see more than `budget` nodes
 */
export async function reachDifference<N extends WalkNode>(
  roots: { readonly root: WalkNode; readonly exclude: WalkNode | null },
  graph: DifferenceGraph<N>,
  budget: number,
): Promise<Difference<N>> {
  const nodes = new Map<string, N & { depth: number }>();
  const seen = new Set([roots.root.id]);
  let rounds = 0;
  if (roots.exclude !== null && (await graph.isShared(roots.root))) return { nodes, visited: 1, rounds };
  let frontier: string[] = [roots.root.id];
  for (let depth = 0; frontier.length > 0;) {
    rounds++;
    const levels = levelsFor(frontier);
    // A level of more than `budget` nodes cannot be walked: one more shows it, and the walk refuses.
    const found = [...(await graph.expand(frontier, levels, budget + 1))].sort((a, b) => a.level - b.level);
    const next: string[] = [];
    for (const { shared, level, ...node } of found) {
      if (seen.has(node.id)) continue;
      if (seen.size >= budget) {
        throw apiError(
          'API_LIMIT_EXCEEDED',
          `the difference needs more than ${budget} events (the search budget, TRACEY_API_SEARCH_BUDGET); pick a nearer since`,
          { limit: 'searchBudget', value: budget },
        );
      }
      seen.add(node.id);
      // What `exclude` reaches is shared history, and so is everything below it.
      if (shared) continue;
      nodes.set(node.id, { ...(node as unknown as N), depth: depth + level });
      // Placeholders link to nothing; nodes above the deepest level were expanded already.
      if (node.stored && level === levels) next.push(node.id);
    }
    depth += levels;
    frontier = next;
  }
  return { nodes, visited: seen.size, rounds };
}
