import type { GraphReader } from '@tracey/graph';

/** Options of one read transaction. */
export interface ReadOptions {
  /** Transaction timeout enforced by Neo4j, in ms. */
  readonly timeoutMs: number;
}

/**
 * What the query API needs of the graph: `@tracey/graph`'s read surface, less what it never asks
 * (so a test double implements four methods). Driver errors leave as `TraceyError`s with `GRAPH_*`
 * codes; `EventGraph.connectReader` gives one on Neo4j.
 */
export type QueryGraph = Pick<GraphReader, 'ping' | 'read' | 'missingLinkTargets' | 'close'>;
