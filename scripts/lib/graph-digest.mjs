// Prints one line that changes when anything in a Neo4j graph changes: node and relationship
// counts and a SHA-256 over every node (labels, properties) and relationship (ends, type,
// properties), in a stable order. Used by scripts/check-test-isolation.sh to prove the demo's graph
// survived a test run. Reads TRACEY_NEO4J_URL, TRACEY_NEO4J_USER, TRACEY_NEO4J_PASSWORD.
import { createHash } from 'node:crypto';
import neo4j from 'neo4j-driver';

const url = process.env.TRACEY_NEO4J_URL ?? 'bolt://127.0.0.1:7687';
const driver = neo4j.driver(
  url,
  neo4j.auth.basic(
    process.env.TRACEY_NEO4J_USER ?? 'neo4j',
    process.env.TRACEY_NEO4J_PASSWORD ?? 'tracey-dev-password',
  ),
  { disableLosslessIntegers: true },
);
const sorted = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sorted(value[key])]),
      )
    : value;
try {
  const nodes = await driver.executeQuery(
    'MATCH (n) RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props',
    {},
    { routing: 'READ' },
  );
  const rels = await driver.executeQuery(
    'MATCH (a)-[r]->(b) RETURN elementId(a) AS from, elementId(b) AS to, type(r) AS type, properties(r) AS props',
    {},
    { routing: 'READ' },
  );
  const lines = [
    ...nodes.records.map((r) =>
      JSON.stringify(['node', r.get('key'), [...r.get('labels')].sort(), sorted(r.get('props'))]),
    ),
    ...rels.records.map((r) =>
      JSON.stringify(['rel', r.get('from'), r.get('to'), r.get('type'), sorted(r.get('props'))]),
    ),
  ].sort();
  const digest = createHash('sha256').update(lines.join('\n')).digest('hex');
  console.log(`nodes=${nodes.records.length} relationships=${rels.records.length} sha256=${digest}`);
} finally {
  await driver.close();
}
