import type { Driver } from 'neo4j-driver';
import { pipelineProtocol } from '@tracey/schemas';
import { toEventRow, type EventRow } from '../event-row.js';
import { pipelineGraphVocabulary } from '../graph-vocabulary.js';

// What the benchmarks (bench:ingest, bench:query) share: they run against a database of their
// own, empty it, and turn generated events into the worker's rows.

/** Nodes in the database, whatever their labels. */
export async function countNodes(driver: Driver): Promise<number> {
  const result = await driver.executeQuery('MATCH (n) RETURN count(n) AS c', {}, { routing: 'READ' });
  return result.records[0]?.get('c') as number;
}

/**
 * Deletes every relationship, then every node, in transactions of 10,000: relationships first,
 * because a hot node's `DETACH DELETE` (a flow context a million events link to) would take all its
 * relationships in one transaction, past Neo4j's transaction memory.
 */
export async function emptyGraph(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    await session.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS');
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

/** The row the worker writes for an event (Eiffel or CDEvent) given as its JSON value. @throws Error if invalid */
export function benchEventRow(raw: unknown): EventRow {
  const parsed = pipelineProtocol.parse(raw);
  if (!parsed.ok) throw new Error(`generator made an invalid event: ${JSON.stringify(parsed.errors)}`);
  return toEventRow(pipelineProtocol, pipelineGraphVocabulary, {
    event: parsed.event,
    verified: parsed.verified,
    raw,
  });
}
