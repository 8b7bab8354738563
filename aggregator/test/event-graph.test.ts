import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { eiffelProtocol } from '@tracey/schemas';
import { EventGraph, toEventRow, type EventRow } from '@tracey/graph';
import { WRITE_STATEMENTS } from '@tracey/graph/testing';

const ids = {
  trigger: 'aaaaaaaa-0000-4000-8000-000000000001',
  started: 'aaaaaaaa-0000-4000-8000-000000000002',
  artifact: 'aaaaaaaa-0000-4000-8000-000000000003',
  finished: 'aaaaaaaa-0000-4000-8000-000000000004',
};

function row(input: unknown): EventRow {
  const parsed = eiffelProtocol.parse(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return toEventRow(
    eiffelProtocol,
    {
      eventLabels: [
        'EiffelActivityTriggeredEvent',
        'EiffelActivityStartedEvent',
        'EiffelActivityFinishedEvent',
        'EiffelArtifactCreatedEvent',
      ],
      relationshipTypes: ['ACTIVITY_EXECUTION', 'CAUSE', 'CONTEXT'],
    },
    {
      event: parsed.event,
      verified: parsed.verified,
      raw: input,
    },
  );
}

const meta = (id: string, type: string, time: number) => ({
  id,
  type,
  version: '4.0.0',
  time,
  source: { domainId: 'test', name: 'graph-test' },
});
const trigger = {
  meta: meta(ids.trigger, 'EiffelActivityTriggeredEvent', 1000),
  data: { name: 'build' },
  links: [],
};
const started = {
  meta: meta(ids.started, 'EiffelActivityStartedEvent', 2000),
  data: {},
  links: [{ type: 'ACTIVITY_EXECUTION', target: ids.trigger }],
};
const finished = {
  meta: meta(ids.finished, 'EiffelActivityFinishedEvent', 3000),
  data: { outcome: { conclusion: 'SUCCESSFUL' } },
  links: [{ type: 'ACTIVITY_EXECUTION', target: ids.trigger }],
};
// CAUSE may target any type; CONTEXT from an artifact may target an activity or a test suite only.
const artifact = {
  meta: meta(ids.artifact, 'EiffelArtifactCreatedEvent', 2500),
  data: { identity: 'pkg:maven/com.example/app@1.0.0' },
  links: [
    { type: 'CONTEXT', target: ids.started },
    { type: 'CAUSE', target: ids.finished },
  ],
};

describe('EventGraph on Neo4j', () => {
  let driver: Driver;
  let graph: EventGraph;

  beforeAll(async () => {
    driver = connectTestNeo4j(testServices());
    await resetTestGraph(driver);
    graph = new EventGraph(driver, { now: () => 5000 });
    await graph.ensureSchema();
  });
  afterAll(async () => {
    await graph.close();
    await driver.close();
  });

  it('creates the schema idempotently', async () => {
    await graph.ensureSchema();
    const result = await driver.executeQuery(
      'SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *',
    );
    const constraints = result.records.map((r) => r.toObject());
    expect(constraints.sort((a, b) => String(a['name']).localeCompare(String(b['name'])))).toEqual([
      // What serializes the derivation of links by one key (docs/graph-model.md).
      { name: 'tracey_derivation_key', labelsOrTypes: ['DerivationKey'], properties: ['key'] },
      { name: 'tracey_event_id', labelsOrTypes: ['Event'], properties: ['id'] },
    ]);
    const indexes = await driver.executeQuery(
      "SHOW INDEXES YIELD name WHERE name STARTS WITH 'tracey_' RETURN name ORDER BY name",
    );
    expect(indexes.records.map((r) => r.get('name') as string)).toContain('tracey_artifact_identity');
    expect(indexes.records.map((r) => r.get('name') as string)).toContain('tracey_derived_artifact_def');
  });

  it('prepares every write statement on made-up events and stores nothing', async () => {
    const count = async () => {
      const result = await driver.executeQuery(
        'MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS links',
      );
      return result.records[0]?.toObject();
    };
    const before = await count();
    await driver.executeQuery('CALL db.clearQueryCaches()');
    await graph.prepareWrites();
    // Planned and run once: the events, links, six kinds of derived links and history statements.
    const cleared = await driver.executeQuery('CALL db.clearQueryCaches() YIELD value RETURN value');
    const planned = Number(/of (\d+) quer/.exec(String(cleared.records[0]?.get('value')))?.[1] ?? 0);
    expect(planned).toBeGreaterThanOrEqual(9);
    expect(await count()).toEqual(before);
    expect(await graph.placeholderCount()).toBe(0);
  });

  it('plans every write statement on seeks, never a scan, even on an empty graph', async () => {
    // The statements are planned once (replan=skip): a scan planned on a small graph would stay.
    await resetTestGraph(driver);
    await graph.ensureSchema();
    await driver.executeQuery('CALL db.clearQueryCaches()');
    const operators = (plan: { operatorType: string; children: unknown[] }): string[] => [
      plan.operatorType,
      ...plan.children.flatMap((child) => operators(child as typeof plan)),
    ];
    for (const [name, cypher] of Object.entries(WRITE_STATEMENTS)) {
      const explained = await driver.executeQuery(
        cypher.replace('CYPHER replan=skip', 'CYPHER replan=skip EXPLAIN'),
      );
      const plan = explained.summary.plan;
      if (plan === false) throw new Error(`${name}: no plan`);
      const used = operators(plan);
      expect(
        used.filter((operator) => /Scan/.test(operator)),
        name,
      ).toEqual([]);
      expect(
        used.some((operator) => /Seek/.test(operator)),
        name,
      ).toBe(true);
    }
  });

  it('stores links to unknown events as placeholders and completes them later', async () => {
    expect(await graph.writeEvents([row(artifact), row(started)])).toEqual([
      { id: ids.artifact, status: 'stored' },
      { id: ids.started, status: 'stored' },
    ]);
    const missing = await graph.missingLinkTargets();
    expect(missing.map((m) => m.id).sort()).toEqual([ids.finished, ids.trigger].sort());
    expect(missing[0]).toMatchObject({ since: 5000, ageMs: 0 });
    expect(await graph.placeholderCount()).toBe(2);

    expect(await graph.writeEvents([row(finished), row(trigger)])).toEqual([
      { id: ids.finished, status: 'stored' },
      { id: ids.trigger, status: 'stored' },
    ]);
    expect(await graph.placeholderCount()).toBe(0);
    const nodes = await driver.executeQuery(
      'MATCH (n) RETURN n.id AS id, labels(n) AS labels, n.time AS time ORDER BY id',
    );
    expect(nodes.records.map((r) => r.toObject())).toEqual([
      { id: ids.trigger, labels: ['Event', 'EiffelActivityTriggeredEvent'], time: 1000 },
      { id: ids.started, labels: ['Event', 'EiffelActivityStartedEvent'], time: 2000 },
      { id: ids.artifact, labels: ['Event', 'EiffelArtifactCreatedEvent'], time: 2500 },
      { id: ids.finished, labels: ['Event', 'EiffelActivityFinishedEvent'], time: 3000 },
    ]);
  });

  it('records link target rule violations on the relationship once both ends are known', async () => {
    const rels = await driver.executeQuery(
      `MATCH (s)-[r]->(t) RETURN s.id AS source, type(r) AS type, t.id AS target, r.legalTarget AS legal,
         r.pendingTargetTypes AS pending ORDER BY source, type`,
    );
    expect(rels.records.map((r) => r.toObject())).toEqual([
      { source: ids.started, type: 'ACTIVITY_EXECUTION', target: ids.trigger, legal: true, pending: null },
      { source: ids.artifact, type: 'CAUSE', target: ids.finished, legal: true, pending: null },
      // CONTEXT of an artifact must be an activity trigger or test suite start: a started event is not.
      { source: ids.artifact, type: 'CONTEXT', target: ids.started, legal: false, pending: null },
      { source: ids.finished, type: 'ACTIVITY_EXECUTION', target: ids.trigger, legal: true, pending: null },
    ]);
  });

  it('tells duplicates from conflicts and leaves the stored event untouched', async () => {
    const before = await graph.getEventJson(ids.trigger);
    const changed = { ...trigger, data: { name: 'another name' } };
    expect(await graph.writeEvents([row(trigger), row(started)])).toEqual([
      { id: ids.trigger, status: 'duplicate' },
      { id: ids.started, status: 'duplicate' },
    ]);
    // The same event with its keys in another order: another text and hash, the same value.
    const reordered = Object.fromEntries(Object.entries(trigger).reverse()) as typeof trigger;
    expect(row(reordered).hash).not.toBe(row(trigger).hash);
    expect(await graph.writeEvents([row(reordered)])).toEqual([{ id: ids.trigger, status: 'duplicate' }]);
    const outcome = await graph.writeEvents([row(changed)]);
    expect(outcome).toEqual([
      { id: ids.trigger, status: 'conflict', storedHash: row(trigger).hash, storedJson: before },
    ]);
    expect(await graph.getEventJson(ids.trigger)).toBe(before);
    expect(JSON.parse(before ?? 'null')).toEqual(trigger);
    const count = await driver.executeQuery('MATCH (n) RETURN count(n) AS nodes');
    expect(count.records[0]?.get('nodes')).toBe(4);
  });
});
