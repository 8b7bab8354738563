/** Caps every query answers within; a request above a cap gets a 4xx, never a slow 5xx. */
export const LIMITS = {
  /** Largest `maxDepth` of a traversal, and the default. */
  maxDepth: 1000,
  /** Largest `limit` (nodes) of a traversal. */
  maxNodes: 100_000,
  /** Default `limit` of a traversal. */
  defaultNodes: 10_000,
  /** Longest path a lead-time query looks for. */
  maxPathLength: 1000,
  /** Time limit of one query, enforced by Neo4j as a transaction timeout. */
  queryTimeoutMs: 10_000,
  /** Most rows `POST /cypher` returns; more is a 422. */
  cypherRows: 10_000,
} as const;
