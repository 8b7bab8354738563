import neo4j, { type Driver } from 'neo4j-driver';
import type { ServiceEndpoints } from './service-endpoints.js';

/** A driver for the test Neo4j; close it in `afterAll`. */
export function connectTestNeo4j(endpoints: ServiceEndpoints): Driver {
  return neo4j.driver(endpoints.neo4jUrl, neo4j.auth.basic(endpoints.neo4jUser, endpoints.neo4jPassword), {
    disableLosslessIntegers: true,
  });
}

/**
 * Empties the graph: every node, relationship, constraint and index. Neo4j community has one
 * user database, so integration files run one at a time and each starts from here.
 */
export async function resetTestGraph(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    // Batched so that a large graph left by a benchmark does not need one huge transaction.
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    const constraints = await session.run('SHOW CONSTRAINTS YIELD name RETURN name');
    for (const record of constraints.records) {
      await session.run(`DROP CONSTRAINT ${quoteName(record.get('name') as string)} IF EXISTS`);
    }
    const indexes = await session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name");
    for (const record of indexes.records) {
      await session.run(`DROP INDEX ${quoteName(record.get('name') as string)} IF EXISTS`);
    }
  } finally {
    await session.close();
  }
}

/** Counts nodes, for the guard that refuses to wipe a database that holds somebody's data. */
export async function countNodes(driver: Driver): Promise<number> {
  const result = await driver.executeQuery('MATCH (n) RETURN count(n) AS count', {}, { routing: 'READ' });
  return result.records[0]?.get('count') as number;
}

// Schema names come from the database itself, never from input; backticks are still escaped.
function quoteName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
