/** Where the integration tests' real servers are, as chosen once by the global setup. */
export interface ServiceEndpoints {
  readonly amqpUrl: string;
  readonly neo4jUrl: string;
  readonly neo4jUser: string;
  readonly neo4jPassword: string;
  /** How each server was found: from the environment, a container, or the local-services script. */
  readonly amqpSource: ServiceSource;
  readonly neo4jSource: ServiceSource;
}

export type ServiceSource = 'environment' | 'testcontainers' | 'local-services';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceEndpoints;
  }
}
