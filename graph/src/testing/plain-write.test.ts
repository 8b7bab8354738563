import { describe, expect, it } from 'vitest';
import { SCHEMA_STATEMENTS } from '../graph-cypher.js';
import { INDEXED_PLAIN_STATEMENTS, PLAIN_LABEL } from './plain-write.js';

// The bench's "plain write with the indexed properties" stands for what Tracey's indexes cost
// Neo4j: it must mirror every index Tracey puts on the event label, on the plain label only.
describe('the indexed plain write', () => {
  const onProperties = (statement: string) => statement.slice(statement.indexOf(' ON ('));

  it("mirrors each of Tracey's event-label indexes on the plain label", () => {
    const tracey = SCHEMA_STATEMENTS.filter((statement) =>
      /^CREATE INDEX \S+ IF NOT EXISTS FOR \(n:Event\)/.test(statement),
    );
    expect(tracey.length).toBeGreaterThanOrEqual(6);
    expect(INDEXED_PLAIN_STATEMENTS.map(onProperties)).toEqual(tracey.map(onProperties));
    for (const statement of INDEXED_PLAIN_STATEMENTS) {
      expect(statement).toMatch(
        new RegExp(`^CREATE INDEX bench_plain_\\w+ IF NOT EXISTS FOR \\(n:${PLAIN_LABEL}\\) ON \\(`),
      );
    }
    const names = INDEXED_PLAIN_STATEMENTS.map((statement) => statement.split(' ')[2]);
    expect(new Set(names).size).toBe(names.length);
  });
});
