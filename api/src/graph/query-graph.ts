import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { isTraceyError } from '@tracey/common';
import { EventGraph, toGraphError, type Neo4jConnectionOptions } from '@tracey/aggregator';

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
   * `TraceyError`s with `GRAPH_*` codes ({@link toGraphError}).
   */
  read<T>(operation: string, work: (tx: ManagedTransaction) => Promise<T>, options: ReadOptions): Promise<T>;
  close(): Promise<void>;
}

/**
 * The aggregator's {@link EventGraph} plus read transactions with a timeout. `EventGraph.read`
 * takes no transaction config yet; until it does, this runs the READ transaction on the same
 * driver with the same error mapping.
 */
export class Neo4jQueryGraph implements QueryGraph {
  private readonly graph: EventGraph;

  constructor(private readonly driver: Driver) {
    this.graph = new EventGraph(driver, {}, true);
  }

  /** Connects a driver of its own (plain numbers, not Integers), closed by {@link close}. */
  static connect(connection: Neo4jConnectionOptions): Neo4jQueryGraph {
    const driver = neo4j.driver(connection.url, neo4j.auth.basic(connection.user, connection.password), {
      disableLosslessIntegers: true,
      maxTransactionRetryTime: 5_000,
      connectionTimeout: 5_000,
      connectionAcquisitionTimeout: 10_000,
    });
    return new Neo4jQueryGraph(driver);
  }

  ping(): Promise<void> {
    return this.graph.ping();
  }

  async read<T>(
    operation: string,
    work: (tx: ManagedTransaction) => Promise<T>,
    options: ReadOptions,
  ): Promise<T> {
    const session = this.driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(work, { timeout: options.timeoutMs });
    } catch (error) {
      // The work's own errors (e.g. an unknown id) leave as they are; driver errors are mapped.
      if (isTraceyError(error)) throw error;
      throw toGraphError(error, operation);
    } finally {
      await session.close();
    }
  }

  close(): Promise<void> {
    return this.graph.close();
  }
}
