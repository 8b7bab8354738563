import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { buildCdEvent, eiffelEvent, pipelineProtocol, type CdEventOptions } from '@tracey/schemas';
import { EventGraph, migrateGraph, pipelineGraphVocabulary, toEventRow, type EventRow } from '@tracey/graph';
import { expectedDerivedLinks, idOf, type Json } from '@tracey/graph/testing';

// Issue 18: links derived from what events name (a purl, a change id, a commit), so an Eiffel
// build and a CDEvents deployment form one chain. The graph must be the same whatever order and
// batches the events arrive in, and whichever workers write them at the same time. The expected
// links are computed here from the events' JSON by the rules of docs/graph-model.md, stated
// pair by pair, without the graph module's code.

const CD = 'dev.cdevents';
const COMMIT = 'c0ffee'.padEnd(40, '1');
// Commits pushed to the pull request's branch, each on the one before.
const PUSHED = ['2', '3', '4'].map((digit) => 'c0ffee'.padEnd(40, digit));
const PURL = 'pkg:oci/shop@sha256%3Aaaaa?repository_url=registry.example/shop';
const OTHER_PURL = 'pkg:oci/shop@sha256%3Abbbb?repository_url=registry.example/shop';
const REPO = 'https://github.com/acme/shop';
// Work items: the commits and the merge name the first; the merge names the second after it.
const TICKET = 'SHOP-1';
const OTHER_TICKET = 'SHOP-2';

let clock = Date.parse('2026-11-01T10:00:00Z');
const tick = () => new Date((clock += 60_000));

function cd(type: string, subject: CdEventOptions['subject'], extra: { customData?: unknown } = {}): Json {
  const event = buildCdEvent({
    type: `${CD}.${type}`,
    source: '/test/derived',
    subject,
    time: tick(),
    ...extra,
  });
  return JSON.parse(JSON.stringify(event)) as Json;
}

/** A pipeline with two artifacts, two changes of the same id in other repositories, and decoys. */
function pipeline(): Json[] {
  const scc = eiffelEvent(
    'EiffelSourceChangeCreatedEvent',
    {
      gitIdentifier: { commitId: COMMIT, repoUri: REPO, branch: 'main', repoName: 'shop' },
    },
    { time: tick().getTime() },
  ).build();
  const scs = eiffelEvent(
    'EiffelSourceChangeSubmittedEvent',
    {
      gitIdentifier: { commitId: COMMIT.toUpperCase(), repoUri: REPO, branch: 'main', repoName: 'shop' },
    },
    { time: tick().getTime() },
  )
    .link('CHANGE', scc)
    .build();
  const created = eiffelEvent('EiffelArtifactCreatedEvent', { identity: PURL }, { time: tick().getTime() })
    .link('CAUSE', scs)
    .build();
  const changeCreated = cd('change.created.0.4.0', { id: '42', source: REPO, content: {} });
  const changeUpdated = cd('change.updated.0.3.0', { id: '42', source: REPO, content: {} });
  const otherRepoChange = cd('change.created.0.4.0', {
    id: '42',
    source: 'https://github.com/acme/other',
    content: {},
  });
  const merged = cd(
    'change.merged.0.3.0',
    { id: '42', source: REPO, content: { repository: { id: 'acme/shop' } } },
    { customData: { commitId: COMMIT, ticketKeys: [TICKET, OTHER_TICKET] } },
  );
  const packaged = cd('artifact.packaged.0.3.0', {
    id: PURL,
    content: { change: { id: '42', source: REPO } },
  });
  const published = cd('artifact.published.0.3.0', { id: PURL, content: {} });
  const deployed = cd('service.deployed.0.3.0', {
    id: 'shop',
    content: { environment: { id: 'prod' }, artifactId: PURL },
  });
  const otherDeployed = cd('service.deployed.0.3.0', {
    id: 'shop',
    content: { environment: { id: 'staging' }, artifactId: OTHER_PURL },
  });
  const detected = cd('incident.detected.0.3.0', {
    id: 'inc-1',
    content: { description: 'errors', environment: { id: 'prod' }, artifactId: PURL },
  });
  const resolved = cd('incident.resolved.0.3.0', {
    id: 'inc-1',
    content: { environment: { id: 'prod' }, artifactId: PURL },
  });
  // Commits as a forge's pushes give them: each pushed on its parent, the merge commit on the
  // pull request's head; the pull request names its head; a deployment names the merge commit.
  const pushed = [...PUSHED, COMMIT].map((commit, i, all) =>
    cd(
      'change.created.0.4.0',
      { id: `${REPO}/commit/${commit}`, source: REPO, content: {} },
      {
        customData: {
          commitId: commit,
          ...(i === 0 ? { ticketKeys: [TICKET] } : { parentCommitId: all[i - 1] }),
        },
      },
    ),
  );
  const uri = (key: string) => `https://acme.atlassian.net/browse/${key}`;
  const ticketCreated = cd('ticket.created.0.2.0', {
    id: TICKET,
    content: { summary: 'Tax in totals', creator: 'ada', uri: uri(TICKET) },
  });
  const otherTicket = cd('ticket.created.0.2.0', {
    id: OTHER_TICKET,
    content: { summary: 'Gift cards', creator: 'ada', uri: uri(OTHER_TICKET) },
  });
  const ticketStarted = cd(
    'ticket.updated.0.2.0',
    { id: TICKET, content: { uri: uri(TICKET) } },
    { customData: { ticketKey: TICKET, stage: 'started' } },
  );
  const ticketClosed = cd('ticket.closed.0.2.0', {
    id: TICKET,
    content: { uri: uri(TICKET), resolution: 'completed' },
  });
  const issueDefined = eiffelEvent(
    'EiffelIssueDefinedEvent',
    { type: 'WORK_ITEM', tracker: 'JIRA', id: TICKET, uri: uri(TICKET) },
    { time: tick().getTime() },
  ).build();
  const synchronized = cd(
    'change.updated.0.3.0',
    { id: '42', source: REPO, content: {} },
    { customData: { headSha: PUSHED[2] } },
  );
  const deployedCommit = cd(
    'service.deployed.0.3.0',
    { id: 'shop', content: { environment: { id: 'prod' }, artifactId: `pkg:github/acme/shop@${COMMIT}` } },
    { customData: { commitId: COMMIT.toUpperCase() } },
  );
  const json = (event: unknown) => JSON.parse(JSON.stringify(event)) as Json;
  return [
    ...pushed,
    synchronized,
    deployedCommit,
    json(scc),
    json(scs),
    json(created),
    changeCreated,
    changeUpdated,
    otherRepoChange,
    merged,
    packaged,
    published,
    deployed,
    otherDeployed,
    detected,
    resolved,
    ticketCreated,
    otherTicket,
    ticketStarted,
    ticketClosed,
    json(issueDefined),
  ];
}

function rowOf(raw: Json): EventRow {
  const parsed = pipelineProtocol.parse(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return toEventRow(pipelineProtocol, pipelineGraphVocabulary, {
    event: parsed.event,
    verified: parsed.verified,
    raw,
  });
}

/** A seeded shuffle, so a failure can be replayed from its seed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('links derived from content', () => {
  let driver: Driver;
  let graph: EventGraph;
  let second: EventGraph;

  beforeAll(async () => {
    driver = connectTestNeo4j(testServices());
    await resetTestGraph(driver);
    graph = new EventGraph(driver);
    second = new EventGraph(driver);
    await graph.ensureSchema();
  });
  afterAll(async () => {
    await graph.close();
    await driver.close();
  });

  async function storedDerivedLinks(ids: readonly string[]): Promise<string[]> {
    const { records } = await driver.executeQuery(
      `MATCH (a:Event)-[r]->(b:Event) WHERE a.id IN $ids AND r.derived
       RETURN a.id + ' ' + type(r) + ' ' + r.derivedFrom + ' ' + b.id AS link`,
      { ids },
      { routing: 'READ' },
    );
    return records.map((record) => record.get('link') as string).sort();
  }

  /** A fresh copy of the pipeline: new ids, the same shape. */
  function freshPipeline(): Json[] {
    const events = pipeline();
    const renamed = new Map(events.map((event) => [idOf(event), randomUUID()]));
    const text = JSON.stringify(events).replace(/"([0-9a-f-]{36})"/g, (whole, id: string) =>
      renamed.has(id) ? `"${renamed.get(id)}"` : whole,
    );
    // Each copy names its own purls, change and commit, so copies do not link to each other.
    const tag = randomUUID().slice(0, 8);
    return JSON.parse(
      text
        .replaceAll('sha256%3A', `sha256%3A${tag}`)
        .replaceAll('"42"', `"42-${tag}"`)
        .replaceAll('c0ffee', tag.slice(0, 6))
        .replaceAll('C0FFEE', tag.slice(0, 6).toUpperCase())
        .replaceAll('SHOP-', `T${tag.slice(0, 6).toUpperCase()}-`),
    ) as Json[];
  }

  it('derives the same links in publish order, shuffled, one by one and in batches', async () => {
    for (const seed of [1, 7, 42, 1234, 99991]) {
      const events = freshPipeline();
      const expected = expectedDerivedLinks(events);
      // Not vacuous: every rule makes links here.
      expect(new Set(expected.map((link) => link.split(' ')[1]))).toEqual(
        new Set(['ARTIFACT', 'BASE', 'CHANGE', 'SAME_CHANGE', 'WORK_ITEM']),
      );
      const order = seed === 1 ? events : shuffled(events, seed);
      const batch = 1 + (seed % 4);
      for (let i = 0; i < order.length; i += batch)
        await graph.writeEvents(order.slice(i, i + batch).map(rowOf));
      expect(await storedDerivedLinks(events.map(idOf)), `seed ${seed}`).toEqual(expected);
    }
  });

  it('derives each link once when workers write both ends at the same moment, and again on redelivery', async () => {
    for (let round = 0; round < 4; round++) {
      const events = freshPipeline();
      const order = shuffled(events, round + 5);
      // Every event in a transaction of its own, all at once, through two graphs (two workers).
      await Promise.all(order.map((event, i) => (i % 2 === 0 ? graph : second).writeEvents([rowOf(event)])));
      // Redelivered: duplicates change nothing.
      await graph.writeEvents(events.map(rowOf));
      expect(await storedDerivedLinks(events.map(idOf)), `round ${round}`).toEqual(
        expectedDerivedLinks(events),
      );
    }
  });

  it('gives a graph stored before links were derived its keys and links on migration, once', async () => {
    const events = freshPipeline();
    await graph.writeEvents(events.map(rowOf));
    const ids = events.map(idOf);
    // As an older Tracey left it: no keys, no derived links.
    await driver.executeQuery(
      `MATCH (n:Event) WHERE n.id IN $ids
       OPTIONAL MATCH (n)-[r {derived: true}]->() DELETE r
       WITH DISTINCT n REMOVE n._artifactDef, n._artifactRef, n._artifactRank, n._artifactBelow, n._artifactField,
         n._changeDef, n._changeRef, n._changeRank, n._changeBelow, n._changeField, n._changeSource,
         n._commitDef, n._commitRef, n._commitRank, n._commitBelow, n._commitField,
         n._ticketDef, n._ticketRef, n._ticketRank, n._ticketBelow, n._ticketField, n.ticketKey, n.ticketStage`,
      { ids },
    );
    expect(await storedDerivedLinks(ids)).toEqual([]);
    const first = await migrateGraph(graph, { protocol: pipelineProtocol });
    expect(first.unreadable).toBe(0);
    expect(first.eventsKeyed).toBeGreaterThanOrEqual(9);
    expect(await storedDerivedLinks(ids)).toEqual(expectedDerivedLinks(events));
    const second = await migrateGraph(graph, { protocol: pipelineProtocol });
    expect(second.eventsKeyed).toBe(0);
    expect(await storedDerivedLinks(ids)).toEqual(expectedDerivedLinks(events));
  });

  it('links every deployment of a hot artifact to its artifact events, whichever arrive first', async () => {
    const purl = `pkg:oci/hot@sha256%3A${randomUUID().slice(0, 8)}`;
    const packaged = cd('artifact.packaged.0.3.0', { id: purl, content: { change: { id: `hot-${purl}` } } });
    const published = cd('artifact.published.0.3.0', { id: purl, content: {} });
    const deployments = Array.from({ length: 2_000 }, (_, i) =>
      cd('service.deployed.0.3.0', {
        id: `svc-${i % 40}`,
        content: { environment: { id: `env-${i % 7}` }, artifactId: purl },
      }),
    );
    // Half the deployments before the artifact's events, half after.
    const order = [...deployments.slice(0, 1_000), packaged, ...deployments.slice(1_000), published];
    for (let i = 0; i < order.length; i += 500) await graph.writeEvents(order.slice(i, i + 500).map(rowOf));
    const { records } = await driver.executeQuery(
      `MATCH (a:Event)-[r:ARTIFACT {derived: true}]->(b:Event {id: $id}) RETURN count(r) AS links`,
      { id: idOf(packaged) },
      { routing: 'READ' },
    );
    // Every deployment and the publication name the packaged artifact.
    expect(records[0]?.get('links')).toBe(2_001);
    const all = [packaged, published, ...deployments];
    expect(await storedDerivedLinks(all.map(idOf))).toEqual(expectedDerivedLinks(all));
  });

  it('keeps the graph a DAG: no derived link closes a cycle', async () => {
    const { records } = await driver.executeQuery(
      'MATCH p = (a:Event)-[*1..12]->(a) RETURN count(p) AS cycles',
      {},
      { routing: 'READ' },
    );
    expect(records[0]?.get('cycles')).toBe(0);
  });
});
