import type { Driver } from 'neo4j-driver';
import type { EventRow } from '../event-row.js';

// The baseline of bench:ingest (issue 22): the plainest batched write of the same events Neo4j can
// take here — a node per event with its id and type label, the JSON it arrived as, one relationship
// per link (its type a property), the id uniqueness constraint and nothing else. Its own label, so
// it can share a database that holds Tracey's graph (the preloaded million) and leave it as it was.

export const PLAIN_LABEL = 'BenchPlainEvent';
const CONSTRAINT = 'bench_plain_event_id';

const WRITE_PLAIN_EVENTS = `UNWIND $events AS e
MERGE (n:${PLAIN_LABEL} {id: e.id})
SET n:$(e.labels), n.type = e.type, n.event = e.json`;

const WRITE_PLAIN_LINKS = `UNWIND $links AS l
MATCH (s:${PLAIN_LABEL} {id: l.source})
MERGE (t:${PLAIN_LABEL} {id: l.target})
CREATE (s)-[:LINK {type: l.type}]->(t)`;

/** Creates the plain write's one constraint (idempotent). */
export async function preparePlainWrite(driver: Driver): Promise<void> {
  await driver.executeQuery(
    `CREATE CONSTRAINT ${CONSTRAINT} IF NOT EXISTS FOR (n:${PLAIN_LABEL}) REQUIRE n.id IS UNIQUE`,
  );
  await driver.executeQuery('CALL db.awaitIndexes(300)');
}

/** Writes one batch the plain way, in one transaction: nodes, then links sorted by target. */
export async function plainWrite(driver: Driver, rows: readonly EventRow[]): Promise<void> {
  const events = rows.map((row) => ({
    id: row.id,
    type: row.type,
    json: row.json,
    labels: row.label === undefined ? [] : [row.label],
  }));
  const links = rows
    .flatMap((row) => row.links.map((link) => ({ source: row.id, target: link.target, type: link.linkType })))
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  const session = driver.session();
  try {
    await session.executeWrite(async (tx) => {
      await tx.run(WRITE_PLAIN_EVENTS, { events });
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

/** Deletes what the plain write made, and its constraint. */
export async function removePlainWrite(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    await session.run(`MATCH (n:${PLAIN_LABEL}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`);
  } finally {
    await session.close();
  }
  await driver.executeQuery(`DROP CONSTRAINT ${CONSTRAINT} IF EXISTS`);
}
