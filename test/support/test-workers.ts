/** The most integration files that run at once: each needs a Neo4j of its own (slot 9 is the last port pair the services script gives). */
const MOST = 9;

/**
 * How many integration files run at the same time, each against a Neo4j of its own (Neo4j
 * community has one user database, and every file empties it): `TRACEY_TEST_WORKERS`, default 2 —
 * on two cores the files mostly wait for brokers, workers and Neo4j, so two at once nearly halve
 * the run. A Neo4j the environment names (`TRACEY_NEO4J_URL`) is one database, so files take turns.
 * @throws Error naming the variable when it is not a whole number from 1 to 9.
 */
export function integrationWorkers(env: Readonly<Record<string, string | undefined>>): number {
  const given = env['TRACEY_TEST_WORKERS'];
  const url = env['TRACEY_NEO4J_URL'];
  if (url !== undefined && url !== '') return 1;
  if (given === undefined || given === '') return 2;
  const workers = Number(given);
  if (!Number.isInteger(workers) || workers < 1 || workers > MOST) {
    throw new Error(`TRACEY_TEST_WORKERS must be a whole number from 1 to ${MOST}, not '${given}'`);
  }
  return workers;
}
