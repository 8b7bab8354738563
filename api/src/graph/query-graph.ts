import type { ManagedTransaction } from 'neo4j-driver';
import { EventGraph, type MissingLinkTarget, type Neo4jConnectionOptions } from '@tracey/aggregator';

/** Options of one read transaction. */
export interface ReadOptions {
  /** Transaction timeout enforced by Neo4j, in ms. */
  readonly timeoutMs: number;
}

/** What the query API needs of the graph: read transactions and a liveness check. */
export interface QueryGraph {
  /** Checks that Neo4j answers. @throws TraceyError `GRAPH_*` */
  ping(): Promise<void>;
  /**
   * Runs `work` in a managed READ transaction with a timeout; driver errors leave as
   * `TraceyError`s with `GRAPH_*` codes, the work's own `TraceyError`s unchanged.
   */
  read<T>(operation: string, work: (tx: ManagedTransaction) => Promise<T>, options: ReadOptions): Promise<T>;
  /** Placeholders, oldest first: link targets whose events have not arrived. */
  missingLinkTargets(limit: number, options: ReadOptions): Promise<MissingLinkTarget[]>;
  close(): Promise<void>;
}

/** The query API's view of the aggregator's {@link EventGraph}: one graph module, read-only use. */
export class Neo4jQueryGraph implements QueryGraph {
  constructor(private readonly graph: EventGraph) {}

  /** Connects a driver of its own, closed by {@link close}. */
  static connect(connection: Neo4jConnectionOptions): Neo4jQueryGraph {
    return new Neo4jQueryGraph(EventGraph.connect(connection));
  }

  ping(): Promise<void> {
    return this.graph.ping();
  }

  read<T>(operation: string, work: (tx: ManagedTransaction) => Promise<T>, options: ReadOptions): Promise<T> {
    return this.graph.read(operation, work, options);
  }

  missingLinkTargets(limit: number, options: ReadOptions): Promise<MissingLinkTarget[]> {
    return this.graph.missingLinkTargets(limit, options);
  }

  close(): Promise<void> {
    return this.graph.close();
  }
}
