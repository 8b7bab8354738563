import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { connectTestNeo4j, countNodes, resetTestGraph, testServices } from '@tracey/testing';

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

  it('wipes nodes, constraints and indexes', async () => {
    await resetTestGraph(driver);
    expect(await countNodes(driver)).toBe(0);
    const constraints = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN name');
    expect(constraints.records).toHaveLength(0);
  });
});
