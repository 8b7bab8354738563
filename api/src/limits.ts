/** Caps every query answers within; a request above a cap gets a 4xx, never a slow 5xx. */
export const LIMITS = {
  /**
   * Largest numeric `maxDepth` of a traversal or report. Without `maxDepth` (or with
   * `maxDepth=unbounded`) every chain is followed to its end; the node `limit` protects the server.
   */
  maxDepth: 1_000_000,
  /** Largest `limit` (nodes) of a traversal. */
  maxNodes: 100_000,
  /** Default `limit` of a traversal. */
  defaultNodes: 10_000,
  /**
   * Default clock-skew tolerance (ms): how far an event's time may run ahead of the events that
   * link to it. Searches prune by time with this margin (`TRACEY_API_CLOCK_SKEW_MS`).
   */
  clockSkewMs: 300_000,
  /**
   * How long a lead-time search runs without time pruning before the pruned search takes over
   * (the unpruned one is faster when it finds a chain, the pruned one bounds a huge history).
   */
  quickSearchMs: 2_000,
  /** Default node budget of a difference walk (`since`), `TRACEY_API_SEARCH_BUDGET`. */
  searchBudget: 1_000_000,
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
  /** Most periods `GET /dora?groupBy=` answers (e.g. 1,000 days, 19 years of weeks). */
  doraPeriods: 1000,
} as const;
