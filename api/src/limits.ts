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
  /** Largest `pageSize` of `GET /events` (Event Repository search). */
  maxPageSize: 1000,
  /** Default `pageSize` of `GET /events`, as the Event Repository's. */
  defaultPageSize: 500,
  /**
   * Most events `GET /events` reads to check filters on fields without a node property; more
   * is a 422 asking for an indexed filter (`meta.type`, `meta.time`, ...).
   */
  searchScan: 20_000,
} as const;
