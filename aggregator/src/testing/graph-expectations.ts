import type { Driver } from 'neo4j-driver';
import type { FixtureEvent } from './fixtures.js';

/** The graph the input must give, computed from the events alone. */
export interface ExpectedGraph {
  readonly events: number;
  readonly placeholders: number;
  readonly nodes: number;
  /** `source TYPE target`, sorted. */
  readonly relationships: readonly string[];
}

export function expectedGraph(events: readonly FixtureEvent[]): ExpectedGraph {
  const ids = new Set(events.map((event) => event.meta.id));
  const targets = new Set<string>();
  const relationships = new Set<string>();
  for (const event of events) {
    for (const link of event.links) {
      targets.add(link.target);
      relationships.add(`${event.meta.id} ${link.type} ${link.target}`);
    }
  }
  const placeholders = [...targets].filter((target) => !ids.has(target)).length;
  return {
    events: ids.size,
    placeholders,
    nodes: ids.size + placeholders,
    relationships: [...relationships].sort(),
  };
}

/** Events stored so far (nodes with a hash: placeholders not counted). */
export async function storedEventCount(driver: Driver): Promise<number> {
  const result = await driver.executeQuery('MATCH (n:Event) WHERE n.hash IS NOT NULL RETURN count(n) AS c');
  return result.records[0]?.get('c') as number;
}

/** The same facts read from Neo4j. */
export async function actualGraph(driver: Driver): Promise<ExpectedGraph> {
  const counts = await driver.executeQuery(
    `MATCH (n) RETURN count(n) AS nodes, count(CASE WHEN n:Placeholder THEN 1 END) AS placeholders,
       count(n.hash) AS events`,
  );
  const rels = await driver.executeQuery(
    'MATCH (s)-[r]->(t) RETURN s.id + " " + type(r) + " " + t.id AS rel',
  );
  const record = counts.records[0];
  return {
    events: record?.get('events') as number,
    placeholders: record?.get('placeholders') as number,
    nodes: record?.get('nodes') as number,
    relationships: rels.records.map((r) => r.get('rel') as string).sort(),
  };
}

/**
 * Everything stored except the times of storing and the history index (`_chain…`: its chains
 * depend on which worker stores what first; its soundness is history-index.test.ts's): labels,
 * properties, hashes, relationships with their properties. Two runs over the same input must give
 * equal snapshots.
 */
export async function graphSnapshot(driver: Driver): Promise<{ nodes: string[]; relationships: string[] }> {
  const nodes = await driver.executeQuery(
    `MATCH (n) WITH n, [k IN keys(n) WHERE NOT k IN ['storedAt', 'placeholderSince'] AND NOT k STARTS WITH '_chain' | [k, n[k]]] AS props
     RETURN n.id AS id, labels(n) AS labels, props`,
  );
  const rels = await driver.executeQuery(
    'MATCH (s)-[r]->(t) RETURN s.id AS source, type(r) AS type, t.id AS target, properties(r) AS props',
  );
  const sortedProps = (props: unknown[][]) =>
    JSON.stringify([...props].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  return {
    nodes: nodes.records
      .map(
        (r) =>
          `${r.get('id') as string} ${JSON.stringify((r.get('labels') as string[]).sort())} ${sortedProps(r.get('props') as unknown[][])}`,
      )
      .sort(),
    relationships: rels.records
      .map(
        (r) =>
          `${r.get('source') as string} ${r.get('type') as string} ${r.get('target') as string} ${JSON.stringify(r.get('props'))}`,
      )
      .sort(),
  };
}

/**
 * The uniqueness constraints as `[labels, properties]`. A count of repeated ids could not fail
 * while a constraint forbids them: the tests check that the constraint is what holds the graph.
 */
export async function uniquenessConstraints(driver: Driver): Promise<[string[], string[]][]> {
  const result = await driver.executeQuery(
    "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' RETURN labelsOrTypes, properties",
  );
  return result.records.map((r) => [r.get('labelsOrTypes') as string[], r.get('properties') as string[]]);
}
