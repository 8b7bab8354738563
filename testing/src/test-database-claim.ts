import type { Driver } from 'neo4j-driver';

/**
 * The mark a test run leaves on a database it may wipe: an index (not a node, so that it never shows
 * in a test's graph) on a label no data uses. A database holding nodes without it is somebody's.
 */
export const TEST_DATABASE_MARK = 'test_harness_database_mark';

/** How the global setup came to use a database. */
export type TestDatabaseClaim = 'already-marked' | 'claimed-empty' | 'claimed-by-consent';

/**
 * Claims the database for the tests: one that already carries the mark, or holds no node, is
 * marked and taken; one holding nodes without the mark is refused unless `wipeAllowed`
 * (TRACEY_TEST_WIPE=1, the caller's consent to lose them).
 * @throws Error naming the node count and what to do, when the database is somebody's.
 */
export async function claimTestDatabase(
  driver: Driver,
  where: string,
  wipeAllowed: boolean,
): Promise<TestDatabaseClaim> {
  if (await isMarkedTestDatabase(driver)) return 'already-marked';
  const nodes = await countNodes(driver);
  if (nodes > 0 && !wipeAllowed) {
    throw new Error(
      `Neo4j at ${where} holds ${nodes} nodes that no test run wrote (it lacks the index ` +
        `${TEST_DATABASE_MARK}), and integration tests delete everything in their database. Let the ` +
        'harness start its own (unset TRACEY_NEO4J_URL), point TRACEY_NEO4J_URL at an empty database, ' +
        'or set TRACEY_TEST_WIPE=1 to give these nodes up.',
    );
  }
  await driver.executeQuery(
    `CREATE INDEX ${TEST_DATABASE_MARK} IF NOT EXISTS FOR (n:TraceyTestHarnessMark) ON (n.run)`,
  );
  return nodes > 0 ? 'claimed-by-consent' : 'claimed-empty';
}

/** True when a test run claimed this database (it carries {@link TEST_DATABASE_MARK}). */
export async function isMarkedTestDatabase(driver: Driver): Promise<boolean> {
  const result = await driver.executeQuery(
    'SHOW INDEXES YIELD name WHERE name = $name RETURN count(*) AS marks',
    { name: TEST_DATABASE_MARK },
    { routing: 'READ' },
  );
  return (result.records[0]?.get('marks') as number) > 0;
}

/** Counts nodes, for the guard that refuses to wipe a database that holds somebody's data. */
export async function countNodes(driver: Driver): Promise<number> {
  const result = await driver.executeQuery('MATCH (n) RETURN count(n) AS count', {}, { routing: 'READ' });
  return result.records[0]?.get('count') as number;
}
