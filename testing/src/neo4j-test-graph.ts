import neo4j, { type Driver } from 'neo4j-driver';
import type { ServiceEndpoints } from './service-endpoints.js';
import { isMarkedTestDatabase, TEST_DATABASE_MARK } from './test-database-claim.js';

/** A driver for the test Neo4j; close it in `afterAll`. */
export function connectTestNeo4j(endpoints: ServiceEndpoints): Driver {
  return neo4j.driver(endpoints.neo4jUrl, neo4j.auth.basic(endpoints.neo4jUser, endpoints.neo4jPassword), {
    disableLosslessIntegers: true,
  });
}

/**
 * Empties the graph: every node, relationship, constraint and index but the test run's mark.
 * Neo4j community has one user database, so integration files run one at a time and each starts
 * from here.
 * @throws Error, deleting nothing, when the database does not carry the mark the global setup
 *   leaves on a database it claimed (the server answering is not the one the run checked).
 */
export async function resetTestGraph(driver: Driver): Promise<void> {
  if (!(await isMarkedTestDatabase(driver))) {
    throw new Error(
      `refusing to wipe a Neo4j database without the test mark (index ${TEST_DATABASE_MARK}): ` +
        'the global setup marks the database it checked, so this one may hold somebody’s data',
    );
  }
  const session = driver.session();
  try {
    // Batched so that a large graph left by a benchmark does not need one huge transaction.
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    const constraints = await session.run('SHOW CONSTRAINTS YIELD name RETURN name');
    for (const record of constraints.records) {
      await session.run(`DROP CONSTRAINT ${quoteName(record.get('name') as string)} IF EXISTS`);
    }
    const indexes = await session.run(
      "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' AND name <> $mark RETURN name",
      { mark: TEST_DATABASE_MARK },
    );
    for (const record of indexes.records) {
      await session.run(`DROP INDEX ${quoteName(record.get('name') as string)} IF EXISTS`);
    }
  } finally {
    await session.close();
  }
}

// Schema names come from the database itself, never from input; backticks are still escaped.
function quoteName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
