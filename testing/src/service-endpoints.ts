/** Where the integration tests' real servers are, as chosen once by the global setup. */
export interface ServiceEndpoints {
  readonly amqpUrl: string;
  readonly neo4jUrl: string;
  readonly neo4jUser: string;
  readonly neo4jPassword: string;
  /** How each server was found: from the environment, a container, or the local-services script. */
  readonly amqpSource: ServiceSource;
  readonly neo4jSource: ServiceSource;
  /**
   * For a Neo4j the harness started with scripts/test-services.sh: the settings under which
   * scripts/lib/neo4j.sh stops and starts it again (TRACEY_SERVICES_DIR, TRACEY_NEO4J_BOLT_PORT,
   * TRACEY_NEO4J_HTTP_PORT), for the Neo4j restart fault.
   */
  readonly neo4jScriptEnv?: Readonly<Record<string, string>>;
}

export type ServiceSource = 'environment' | 'testcontainers' | 'local-services';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The first slot's servers (the only one where files take turns). */
    services: ServiceEndpoints;
    /** One per integration file that may run at once (`VITEST_POOL_ID` n uses the n-th): same RabbitMQ, a Neo4j each. */
    serviceSlots: readonly ServiceEndpoints[];
    /** Where the files of this run hold their turn: shared, or alone for a timed file. */
    fileLockDir: string;
  }
}
