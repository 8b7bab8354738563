import type { Driver } from 'neo4j-driver';
import type { EventRow } from '../event-row.js';
import { SCHEMA_STATEMENTS } from '../graph-cypher.js';
import { EVENT_LABEL } from '../graph-vocabulary.js';
import { nodeProperties } from '../write-parameters.js';

// The baseline of bench:ingest (issue 22): the plainest batched write of the same events Neo4j can
// take here — a node per event with its id and type label, the JSON it arrived as, one relationship
// per link (its type a property), the id uniqueness constraint and nothing else. Its own label, so
// it can share a database that holds Tracey's graph (the preloaded million) and leave it as it was.

export const PLAIN_LABEL = 'BenchPlainEvent';
const CONSTRAINT = 'bench_plain_event_id';

const WRITE_PLAIN_EVENTS = `UNWIND $events AS e
MERGE (n:${PLAIN_LABEL} {id: e.id})
SET n:$(e.labels), n.type = e.type, n.event = e.json`;

// The same with the properties Tracey's writer stores on each node (`n += e.properties`).
const WRITE_INDEXED_PLAIN_EVENTS = `${WRITE_PLAIN_EVENTS}, n += e.properties`;

/**
 * The indexes Tracey's schema puts on every event's properties, on the plain label: the plain write
 * with them (`indexed`) is what storing the properties the queries look events up by costs Neo4j,
 * apart from the rest of Tracey's writer (locks, placeholders, derived links, the history index).
 * The type labels' own indexes are shared: the plain nodes carry the type labels too. (The history
 * chain's index stays empty here: its properties are computed by Tracey's writer in Neo4j.)
 */
export const INDEXED_PLAIN_STATEMENTS: readonly string[] = SCHEMA_STATEMENTS.filter(
  (statement) =>
    statement.startsWith(`CREATE INDEX tracey_`) && statement.includes(`FOR (n:${EVENT_LABEL}) ON`),
).map((statement) =>
  statement
    .replace('CREATE INDEX tracey_', 'CREATE INDEX bench_plain_')
    .replace(`FOR (n:${EVENT_LABEL})`, `FOR (n:${PLAIN_LABEL})`),
);

const indexName = (statement: string): string => statement.split(' ')[2] ?? '';

const WRITE_PLAIN_LINKS = `UNWIND $links AS l
MATCH (s:${PLAIN_LABEL} {id: l.source})
MERGE (t:${PLAIN_LABEL} {id: l.target})
CREATE (s)-[:LINK {type: l.type}]->(t)`;

/** How the plain write stores events: bare, or with Tracey's properties and their indexes. */
export interface PlainWriteOptions {
  /** Each node's indexed properties too, and Tracey's indexes of them on the plain label. */
  readonly indexed?: boolean;
}

/** Creates the plain write's constraint, and with `indexed` its indexes (idempotent). */
export async function preparePlainWrite(driver: Driver, options: PlainWriteOptions = {}): Promise<void> {
  await driver.executeQuery(
    `CREATE CONSTRAINT ${CONSTRAINT} IF NOT EXISTS FOR (n:${PLAIN_LABEL}) REQUIRE n.id IS UNIQUE`,
  );
  if (options.indexed === true)
    for (const statement of INDEXED_PLAIN_STATEMENTS) await driver.executeQuery(statement);
  await driver.executeQuery('CALL db.awaitIndexes(300)');
}

/** Writes one batch the plain way, in one transaction: nodes, then links sorted by target. */
export async function plainWrite(
  driver: Driver,
  rows: readonly EventRow[],
  options: PlainWriteOptions = {},
): Promise<void> {
  const indexed = options.indexed === true;
  const events = rows.map((row) => ({
    id: row.id,
    type: row.type,
    json: row.json,
    labels: row.label === undefined ? [] : [row.label],
    ...(indexed ? { properties: nodeProperties(row) } : {}),
  }));
  const links = rows
    .flatMap((row) => row.links.map((link) => ({ source: row.id, target: link.target, type: link.linkType })))
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  const session = driver.session();
  try {
    await session.executeWrite(async (tx) => {
      await tx.run(indexed ? WRITE_INDEXED_PLAIN_EVENTS : WRITE_PLAIN_EVENTS, { events });
      if (links.length > 0) await tx.run(WRITE_PLAIN_LINKS, { links });
    });
  } finally {
    await session.close();
  }
}

/** Nodes and relationships the plain write holds, to check it wrote every event and link. */
export async function plainWriteCounts(driver: Driver): Promise<{ nodes: number; links: number }> {
  const result = await driver.executeQuery(
    `MATCH (n:${PLAIN_LABEL}) RETURN count(n) AS nodes, COUNT { (:${PLAIN_LABEL})-[:LINK]->() } AS links`,
    {},
    { routing: 'READ' },
  );
  const record = result.records[0];
  return { nodes: Number(record?.get('nodes')), links: Number(record?.get('links')) };
}

/** Deletes what the plain write made, its constraint and its indexes. */
export async function removePlainWrite(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    await session.run(`MATCH (n:${PLAIN_LABEL}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`);
  } finally {
    await session.close();
  }
  await driver.executeQuery(`DROP CONSTRAINT ${CONSTRAINT} IF EXISTS`);
  for (const statement of INDEXED_PLAIN_STATEMENTS)
    await driver.executeQuery(`DROP INDEX ${indexName(statement)} IF EXISTS`);
}
