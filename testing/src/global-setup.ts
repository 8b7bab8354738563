import type { TestProject } from 'vitest/node';
import { connect } from 'amqplib';
import { redactUrlCredentials as redact } from '@tracey/common';
import { connectTestNeo4j, countNodes } from './neo4j-test-graph.js';
import { pickServices } from './pick-services.js';
import type { ServiceEndpoints } from './service-endpoints.js';

/**
 * Integration tests' global setup: picks the real servers once per run, proves they answer,
 * and hands their endpoints to the test files through `inject('services')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const picked = await pickServices(process.env);
  const { endpoints } = picked;
  await checkRabbitMq(endpoints);
  await checkNeo4j(endpoints, process.env.TRACEY_TEST_WIPE === '1');
  console.error(
    `integration services: RabbitMQ ${redact(endpoints.amqpUrl)} (${endpoints.amqpSource}), ` +
      `Neo4j ${endpoints.neo4jUrl} (${endpoints.neo4jSource})`,
  );
  for (const note of picked.notes) console.error(`note: ${note}`);
  project.provide('services', endpoints);
  return () => picked.stop();
}

async function checkRabbitMq(endpoints: ServiceEndpoints): Promise<void> {
  try {
    const connection = await connect(endpoints.amqpUrl);
    await connection.close();
  } catch (error) {
    throw new Error(`RabbitMQ at ${redact(endpoints.amqpUrl)} does not answer: ${String(error)}`, {
      cause: error,
    });
  }
}

async function checkNeo4j(endpoints: ServiceEndpoints, wipeAllowed: boolean): Promise<void> {
  const driver = connectTestNeo4j(endpoints);
  try {
    await driver.verifyConnectivity();
    // Test files wipe the graph. A database handed in through the environment may hold
    // somebody's data: only an empty one is taken unless TRACEY_TEST_WIPE=1 says otherwise.
    if (endpoints.neo4jSource === 'environment' && !wipeAllowed) {
      const nodes = await countNodes(driver);
      if (nodes > 0) {
        throw new Error(
          `Neo4j at ${endpoints.neo4jUrl} holds ${nodes} nodes and integration tests delete everything in it. ` +
            'Point TRACEY_NEO4J_URL at a test database, or set TRACEY_TEST_WIPE=1 to allow the wipe.',
        );
      }
    }
  } finally {
    await driver.close();
  }
}
