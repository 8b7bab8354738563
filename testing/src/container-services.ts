import { neo4jImageVariable, neo4jSandboxSettings } from './neo4j-sandbox-settings.js';

/** Images matching what docker-compose.yml runs. */
export const RABBITMQ_IMAGE = 'rabbitmq:4.1-management';
export const NEO4J_IMAGE = 'neo4j:5.26-community';
const NEO4J_TEST_PASSWORD = 'tracey-test-password';

export interface StartedContainer<T> {
  readonly settings: T;
  readonly stop: () => Promise<void>;
}

/** Starts RabbitMQ in a container (only called when a Docker engine answers). */
export async function startRabbitMqContainer(): Promise<StartedContainer<{ amqpUrl: string }>> {
  const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
  const container = await new RabbitMQContainer(RABBITMQ_IMAGE).start();
  return {
    settings: { amqpUrl: container.getAmqpUrl() },
    stop: async () => {
      await container.stop();
    },
  };
}

/** Starts Neo4j in a container (only called when a Docker engine answers). */
export async function startNeo4jContainer(): Promise<
  StartedContainer<{ neo4jUrl: string; neo4jUser: string; neo4jPassword: string }>
> {
  const { Neo4jContainer } = await import('@testcontainers/neo4j');
  // The same Cypher sandbox as scripts/services.sh and docker compose give Neo4j.
  const sandbox = Object.fromEntries(
    Object.entries(neo4jSandboxSettings()).map(([name, value]) => [neo4jImageVariable(name), value]),
  );
  const container = await new Neo4jContainer(NEO4J_IMAGE)
    .withPassword(NEO4J_TEST_PASSWORD)
    .withEnvironment(sandbox)
    .start();
  return {
    settings: {
      neo4jUrl: container.getBoltUri(),
      neo4jUser: container.getUsername(),
      neo4jPassword: container.getPassword(),
    },
    stop: async () => {
      await container.stop();
    },
  };
}
