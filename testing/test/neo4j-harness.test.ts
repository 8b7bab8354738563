import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import {
  claimTestDatabase,
  connectTestNeo4j,
  countNodes,
  isMarkedTestDatabase,
  resetTestGraph,
  TEST_DATABASE_MARK,
  testServices,
} from '@tracey/testing';

describe('Neo4j harness', () => {
  let driver: Driver;

  beforeAll(async () => {
    driver = connectTestNeo4j(testServices());
    await resetTestGraph(driver);
  });

  afterAll(async () => {
    await driver.close();
  });

  it('starts every file from an empty graph', async () => {
    expect(await countNodes(driver)).toBe(0);
  });

  it('writes and reads a node under a uniqueness constraint, and rejects a duplicate', async () => {
    await driver.executeQuery(
      'CREATE CONSTRAINT harness_event_id IF NOT EXISTS FOR (e:HarnessEvent) REQUIRE e.id IS UNIQUE',
    );
    const id = 'c0ffee00-0000-4000-8000-000000000001';
    await driver.executeQuery('CREATE (:HarnessEvent {id: $id, type: $type})', { id, type: 'Example' });

    const read = await driver.executeQuery(
      'MATCH (e:HarnessEvent {id: $id}) RETURN e.type AS type',
      { id },
      {
        routing: 'READ',
      },
    );
    expect(read.records.map((record) => record.get('type') as string)).toEqual(['Example']);

    await expect(
      driver.executeQuery('CREATE (:HarnessEvent {id: $id, type: $type})', { id, type: 'Duplicate' }),
    ).rejects.toMatchObject({ code: 'Neo.ClientError.Schema.ConstraintValidationFailed' });
    expect(await countNodes(driver)).toBe(1);
  });

  it('wipes nodes, constraints and indexes, and keeps the mark of a test database', async () => {
    await driver.executeQuery('CREATE INDEX harness_extra IF NOT EXISTS FOR (n:HarnessEvent) ON (n.type)');
    expect(await countNodes(driver)).toBeGreaterThan(0);
    await resetTestGraph(driver);
    expect(await countNodes(driver)).toBe(0);
    const constraints = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN name');
    expect(constraints.records).toHaveLength(0);
    const indexes = await driver.executeQuery(
      "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name ORDER BY name",
    );
    expect(indexes.records.map((record) => record.get('name') as string)).toEqual([TEST_DATABASE_MARK]);
  });

  describe('a database the tests did not claim', () => {
    // The mark is taken away for the length of one test and put back, so that the file's database
    // stays the run's; the nodes stand for somebody's data.
    const unmark = async () => driver.executeQuery(`DROP INDEX ${TEST_DATABASE_MARK}`);
    const somebodysData = async () =>
      driver.executeQuery('UNWIND range(1, 3) AS i CREATE (:Somebody {i: i})');

    afterEach(async () => {
      await claimTestDatabase(driver, 'the test database', true);
      await resetTestGraph(driver);
    });

    it('is not wiped by resetTestGraph: it throws and deletes nothing', async () => {
      await somebodysData();
      await unmark();
      await expect(resetTestGraph(driver)).rejects.toThrow(
        /refusing to wipe a Neo4j database without the test mark/,
      );
      expect(await countNodes(driver)).toBe(3);
    });

    it('is refused by the global setup when it holds nodes, and left as it was', async () => {
      await somebodysData();
      await unmark();
      await expect(claimTestDatabase(driver, 'bolt://example:7687', false)).rejects.toThrow(
        /Neo4j at bolt:\/\/example:7687 holds 3 nodes that no test run wrote/,
      );
      expect(await isMarkedTestDatabase(driver)).toBe(false);
      expect(await countNodes(driver)).toBe(3);
    });

    it('is claimed when empty, or with TRACEY_TEST_WIPE=1 when it holds nodes', async () => {
      await unmark();
      expect(await claimTestDatabase(driver, 'empty', false)).toBe('claimed-empty');
      expect(await isMarkedTestDatabase(driver)).toBe(true);
      expect(await claimTestDatabase(driver, 'marked', false)).toBe('already-marked');
      await somebodysData();
      await unmark();
      expect(await claimTestDatabase(driver, 'consent', true)).toBe('claimed-by-consent');
      expect(await isMarkedTestDatabase(driver)).toBe(true);
    });
  });
});
