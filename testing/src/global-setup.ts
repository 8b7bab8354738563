import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect } from 'amqplib';
import { redactUrlCredentials as redact } from '@tracey/common';
import { connectTestNeo4j } from './neo4j-test-graph.js';
import { pickServices } from './pick-services.js';
import type { ServiceEndpoints } from './service-endpoints.js';
import { claimTestDatabase, type TestDatabaseClaim } from './test-database-claim.js';
import { holdTimedTestLock } from './timed-test-lock.js';

/** How long the fault suite waits for another run's timed tests (a file takes up to ~3 minutes). */
const TIMED_LOCK_WAIT_MS = 30 * 60_000;

/**
 * Integration tests' global setup: picks the real servers once per run, proves they answer,
 * claims the Neo4j database for the tests (refusing one that holds somebody's nodes), and hands
 * their endpoints to the test files through `inject('services')`. The fault suite, all of it timed
 * (deadlines after kills and restarts), holds the machine's timed-test lock for its whole run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const faults = project.name === 'faults';
  const releaseTimed = faults ? await holdTimedTestLock(TIMED_LOCK_WAIT_MS) : () => {};
  let picked;
  try {
    // One Neo4j per file that may run at once (vitest.config.ts sets maxWorkers from test/support/test-workers.ts).
    picked = await pickServices(process.env, faults ? 'faults' : 'integration', project.config.maxWorkers);
  } catch (error) {
    releaseTimed();
    throw error;
  }
  const { endpoints } = picked;
  try {
    await checkRabbitMq(endpoints);
    const wipeAllowed = process.env.TRACEY_TEST_WIPE === '1';
    const claims = await Promise.all(picked.slots.map((slot) => checkNeo4j(slot, wipeAllowed)));
    const graphs = picked.slots.map(
      (slot, index) => `${slot.neo4jUrl} (${slot.neo4jSource}, ${claims[index] ?? 'unchecked'})`,
    );
    console.error(
      `integration services: RabbitMQ ${redact(endpoints.amqpUrl)} (${endpoints.amqpSource}), ` +
        `Neo4j ${graphs.join(', ')}`,
    );
  } catch (error) {
    await picked.stop();
    releaseTimed();
    throw error;
  }
  for (const note of picked.notes) console.error(`note: ${note}`);
  project.provide('services', endpoints);
  project.provide('serviceSlots', picked.slots);
  const fileLockDir = mkdtempSync(join(tmpdir(), 'tracey-test-files-'));
  project.provide('fileLockDir', fileLockDir);
  return async () => {
    try {
      await picked.stop();
    } finally {
      rmSync(fileLockDir, { recursive: true, force: true });
      releaseTimed();
    }
  };
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

// Test files wipe the graph: whatever the source, the database must be empty or already a test
// run's (TRACEY_TEST_WIPE=1 gives a non-empty one up); resetTestGraph then checks the mark.
async function checkNeo4j(endpoints: ServiceEndpoints, wipeAllowed: boolean): Promise<TestDatabaseClaim> {
  const driver = connectTestNeo4j(endpoints);
  try {
    await driver.verifyConnectivity();
    return await claimTestDatabase(driver, endpoints.neo4jUrl, wipeAllowed);
  } finally {
    await driver.close();
  }
}
