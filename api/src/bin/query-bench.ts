// `npm run bench:query`: the query API over a graph of realistic pipeline shape, loaded through
// the aggregator's write path (EventGraph.writeEvents, the worker's statements), then a diamond
// lattice whose path count is astronomical, to show that traversals visit each node once.
// Inside it, one component's long history (TRACEY_BENCH_LONG_BUILDS builds, default 50000: a
// repository's real history length) for lead time across it, release notes (since=previous) and
// reports of 100,000+ changes.
// Reads TRACEY_NEO4J_URL/USER/PASSWORD, TRACEY_BENCH_EVENTS (1000000), TRACEY_BENCH_SAMPLES
// (300 requests per query), TRACEY_BENCH_WIPE=1 (needed when the database holds nodes: the bench
// deletes them) or TRACEY_BENCH_REUSE=1 (keep a graph an earlier run loaded with the same count).
import neo4j, { type Driver } from 'neo4j-driver';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { EventGraph } from '@tracey/graph';
import { countNodes, emptyGraph, longHistoryEvents, pipelineEvents } from '@tracey/graph/testing';
import { eiffelEvent, type EiffelEvent } from '@tracey/schemas';
import { buildApp } from '../build-app.js';
import { reachCypher } from '../queries/traversal-cypher.js';
import { firstEvents, loadEvents, quantile } from './bench-load.js';

const env = process.env;
const count = Number(env['TRACEY_BENCH_EVENTS'] ?? 1_000_000);
const samples = Number(env['TRACEY_BENCH_SAMPLES'] ?? 300);
const neo4jUrl = env['TRACEY_NEO4J_URL'] ?? 'bolt://127.0.0.1:7687';
const neo4jUser = env['TRACEY_NEO4J_USER'] ?? 'neo4j';
const neo4jPassword = env['TRACEY_NEO4J_PASSWORD'] ?? 'tracey-dev-password';
const longBuilds = Number(env['TRACEY_BENCH_LONG_BUILDS'] ?? 50_000);
const diamondLevels = 40;
const longComponent = 'service';

const log = (message: string) => console.error(`bench:query: ${message}`);

async function single<T>(driver: Driver, cypher: string, key: string): Promise<T> {
  const result = await driver.executeQuery(cypher, {}, { routing: 'READ' });
  return result.records[0]?.get(key) as T;
}

/**
 * Ids of the types the queries start from, read back from the graph (same data, any run), of the
 * pipeline generator's builds (the long history is measured apart).
 */
async function sampleIds(driver: Driver, type: string, n: number): Promise<string[]> {
  const result = await driver.executeQuery(
    `MATCH (e:Event {type: $type})
     WHERE NOT EXISTS { (e)-[:SUBJECT]->(a) WHERE a.identity STARTS WITH $long }
       AND NOT coalesce(e.repoName, '') STARTS WITH $component
     WITH e, rand() AS r ORDER BY r LIMIT $n RETURN e.id AS id`,
    { type, n: neo4j.int(n), long: `pkg:maven/com.example/${longComponent}`, component: longComponent },
    { routing: 'READ' },
  );
  return result.records.map((record) => record.get('id') as string);
}

interface Figures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly meanItems: number;
  /** Requests Neo4j ended at the query time limit (422 `queryTimeoutMs`): timed, not counted in items. */
  readonly timedOut: number;
}

/** A 422 for the query time limit: a figure of the run (a loaded machine), not a failed bench. */
class TimeLimitReached extends Error {}

/** Times `samples` requests (after a few warm-ups), each built from one start id. */
async function measure(
  run: (id: string) => Promise<number>,
  ids: readonly string[],
  n = samples,
): Promise<Figures> {
  for (let i = 0; i < Math.min(20, ids.length); i++) {
    await run(ids[i % ids.length] ?? '').catch((error: unknown) => {
      if (!(error instanceof TimeLimitReached)) throw error;
    });
  }
  const times: number[] = [];
  let items = 0;
  let timedOut = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    try {
      items += await run(ids[i % ids.length] ?? '');
    } catch (error) {
      if (!(error instanceof TimeLimitReached)) throw error;
      timedOut++;
    }
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    p99: quantile(times, 0.99),
    meanItems: items / Math.max(1, n - timedOut),
    timedOut,
  };
}

/** GET through the app (routing, validation, Neo4j, serialization); returns the answer's size. */
async function get(app: FastifyInstance, url: string, size: (body: unknown) => number): Promise<number> {
  const response = await app.inject({ method: 'GET', url });
  if (response.statusCode === 422 && response.body.includes('"limit":"queryTimeoutMs"'))
    throw new TimeLimitReached(url);
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
  return size(response.json());
}

const nodesOf = (body: unknown) => (body as { nodes: unknown[] }).nodes.length;
const itemsOf = (body: unknown) =>
  Object.values(body as Record<string, unknown>).reduce<number>(
    (sum, value) => sum + (Array.isArray(value) ? value.length : 0),
    0,
  );

/** A lattice of `levels` levels of two compositions, each made of both of the level below. */
function diamondEvents(levels: number): EiffelEvent[] {
  const events: EiffelEvent[] = [];
  let below: EiffelEvent[] = [];
  let time = Date.UTC(2030, 0, 1);
  for (let level = 0; level < levels; level++) {
    const current = [0, 1].map((side) => {
      const builder = eiffelEvent(
        'EiffelCompositionDefinedEvent',
        { name: `diamond-${level}-${side}` },
        { time: (time += 1000), source: { name: 'tracey-bench' } },
      );
      for (const element of below) builder.link('ELEMENT', element);
      return builder.build();
    });
    events.push(...current);
    below = current;
  }
  return events;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (name: string, f: Figures) =>
  `${name.padEnd(44)} p50 ${ms(f.p50).padStart(9)}  p95 ${ms(f.p95).padStart(9)}  p99 ${ms(f.p99).padStart(9)}  items ${Math.round(f.meanItems)}${f.timedOut > 0 ? `  (${f.timedOut} ended at the 10 s query limit)` : ''}`;

async function main(): Promise<void> {
  const driver = neo4j.driver(neo4jUrl, neo4j.auth.basic(neo4jUser, neo4jPassword), {
    disableLosslessIntegers: true,
  });
  const graph = new EventGraph(driver);
  const app = buildApp({
    graph,
    config: { apiToken: undefined, readAuth: 'optional' },
    logger: createLogger({ name: 'bench', level: 'silent' }),
  });
  try {
    const existing = await countNodes(driver);
    const longHistory = () => longHistoryEvents({ builds: longBuilds, component: longComponent });
    let longCount = 0;
    for (const _ of longHistory()) longCount++;
    const pipelineCount = Math.max(0, count - longCount);
    const reuse = env['TRACEY_BENCH_REUSE'] === '1' && existing === count + diamondLevels * 2;
    if (!reuse) {
      if (existing > 0 && env['TRACEY_BENCH_WIPE'] !== '1') {
        throw new Error(
          `${neo4jUrl} holds ${existing} nodes; the bench deletes them: set TRACEY_BENCH_WIPE=1 (or TRACEY_BENCH_REUSE=1 to keep a graph of the same size)`,
        );
      }
      log(`emptying the graph (${existing} nodes)`);
      await emptyGraph(driver);
      await graph.ensureSchema();
      log(
        `loading ${pipelineCount} pipeline events and a ${longBuilds}-build history (${longCount} events) through EventGraph.writeEvents (batches of 1,000, 2 in flight)`,
      );
      const rate = await loadEvents(graph, firstEvents(pipelineEvents(), pipelineCount), pipelineCount, log);
      log(`loaded at ${Math.round(rate)} events/s`);
      await loadEvents(graph, longHistory(), longCount, log);
      await loadEvents(graph, diamondEvents(diamondLevels), diamondLevels * 2, log);
    } else {
      log(`reusing the graph of ${existing} nodes`);
    }
    const nodes = await single<number>(driver, 'MATCH (n:Event) RETURN count(n) AS c', 'c');
    const relationships = await single<number>(driver, 'MATCH ()-[r]->() RETURN count(r) AS c', 'c');

    const clms = await sampleIds(driver, 'EiffelConfidenceLevelModifiedEvent', samples);
    const sccs = await sampleIds(driver, 'EiffelSourceChangeCreatedEvent', samples);
    // Pairs for lead time: a change and the confidence level on the artifact built from it.
    const pairs = await driver.executeQuery(
      `MATCH (c:Event {type: 'EiffelConfidenceLevelModifiedEvent'}) WHERE c.id IN $ids
       MATCH (c)-[:SUBJECT]->(:Event)-[:COMPOSITION]->(:Event)-[:ELEMENT]->(:Event)-[:CHANGE]->(s:Event)
       RETURN s.id AS from, c.id AS to`,
      { ids: clms },
      { routing: 'READ' },
    );
    const pairIds = pairs.records.map(
      (record) => `${record.get('from') as string}|${record.get('to') as string}`,
    );

    log(`measuring ${samples} requests per query`);
    const baseline = await measure(async (id) => {
      await driver.executeQuery('MATCH (n:Event {id: $id}) RETURN n.id AS id', { id }, { routing: 'READ' });
      return 1;
    }, clms);
    // The same lookup in an auto-commit transaction (one round trip, no BEGIN and COMMIT), as
    // EventGraph.read runs the API's statements since 2026-12-05.
    const autoCommit = await measure(async (id) => {
      const session = driver.session({ defaultAccessMode: 'READ' });
      try {
        await session.run('MATCH (n:Event {id: $id}) RETURN n.id AS id', { id });
      } finally {
        await session.close();
      }
      return 1;
    }, clms);
    const getEvent = await measure((id) => get(app, `/events/${id}`, () => 1), clms);
    const upstream = await measure((id) => get(app, `/events/${id}/upstream?maxDepth=10`, nodesOf), clms);
    const upstreamAll = await measure((id) => get(app, `/events/${id}/upstream`, nodesOf), clms, 30);
    const downstream = await measure((id) => get(app, `/events/${id}/downstream?maxDepth=10`, nodesOf), sccs);
    const contents = await measure((id) => get(app, `/trace/${id}/contents`, itemsOf), clms);
    const releases = await measure((id) => get(app, `/trace/${id}/releases`, itemsOf), sccs);
    const leadTime = await measure((pair) => {
      const [from, to] = pair.split('|');
      return get(app, `/lead-time?from=${from ?? ''}&to=${to ?? ''}`, () => 1);
    }, pairIds);
    const stats = await measure(
      () =>
        get(app, '/lead-time/stats?from=SourceChangeCreated&to=ConfidenceLevelModified', (body) => {
          return (
            (body as { count?: number; overall?: { count?: number } }).overall?.count ??
            (body as { count?: number }).count ??
            0
          );
        }),
      ['all'],
      5,
    );

    // The lattice's ends, by name: its ids are new in every run of the generator.
    const diamond = {
      top: await single<string>(
        driver,
        `MATCH (n:EiffelCompositionDefinedEvent {name: 'diamond-${diamondLevels - 1}-1'}) RETURN n.id AS id`,
        'id',
      ),
      bottom: await single<string>(
        driver,
        "MATCH (n:EiffelCompositionDefinedEvent {name: 'diamond-0-0'}) RETURN n.id AS id",
        'id',
      ),
    };
    const diamondUp = await measure((id) => get(app, `/events/${id}/upstream`, nodesOf), [diamond.top], 20);
    const diamondContents = await measure(
      (id) => get(app, `/trace/${id}/contents`, itemsOf),
      [diamond.top],
      20,
    );
    const diamondDown = await measure(
      (id) => get(app, `/events/${id}/downstream`, nodesOf),
      [diamond.bottom],
      20,
    );
    // The long history: its oldest change, its newest releases, and every build's release.
    const longIds = await driver.executeQuery(
      `MATCH (c:EiffelSourceChangeCreatedEvent {repoName: $repo}) WITH c ORDER BY c.time LIMIT 1
       MATCH (l:EiffelConfidenceLevelModifiedEvent {name: 'readyForRelease'})-[:SUBJECT]->(a:EiffelArtifactCreatedEvent)
       WHERE a.identity STARTS WITH $purl
       WITH c, l ORDER BY l.time DESC
       RETURN c.id AS oldest, collect(l.id)[0..$n] AS releases`,
      { repo: longComponent, purl: `pkg:maven/com.example/${longComponent}@`, n: neo4j.int(samples) },
      { routing: 'READ' },
    );
    const oldest = longIds.records[0]?.get('oldest') as string;
    const longReleases = longIds.records[0]?.get('releases') as string[];
    const newestRelease = longReleases[0] ?? '';
    const longLead = await measure(
      () =>
        get(
          app,
          `/lead-time?from=${oldest}&to=${newestRelease}`,
          (body) => (body as { pathLength: number }).pathLength,
        ),
      ['pair'],
      30,
    );
    const sincePrevious = await measure(
      (id) => get(app, `/trace/${id}/contents?since=previous`, itemsOf),
      longReleases,
    );
    const refused = async (url: string): Promise<number> => {
      const response = await app.inject({ method: 'GET', url });
      if (response.statusCode !== 422) throw new Error(`GET ${url}: ${response.statusCode}, expected 422`);
      return 1;
    };
    const fullContents = await measure(
      (id) => refused(`/trace/${id}/contents?limit=100000`),
      [newestRelease],
      10,
    );
    const oldReleases = await measure((id) => refused(`/trace/${id}/releases?limit=100000`), [oldest], 10);
    const longUpstream = await measure(
      (id) => get(app, `/events/${id}/upstream?limit=100000`, nodesOf),
      [longReleases[longReleases.length - 1] ?? ''],
      10,
    );

    const diamondLead = await measure(
      () => get(app, `/lead-time?from=${diamond.bottom}&to=${diamond.top}`, () => 1),
      ['pair'],
      20,
    );

    // The plan's work on the lattice: database hits stay proportional to its nodes and links.
    const profile = await driver.executeQuery(
      `PROFILE ${reachCypher('upstream', undefined, 1000)}`,
      { id: diamond.top, limit: neo4j.int(10_000) },
      { routing: 'READ' },
    );
    let dbHits = 0;
    const sumHits = (plan: { dbHits: number; children: unknown[] }): void => {
      dbHits += plan.dbHits;
      for (const child of plan.children) sumHits(child as typeof plan);
    };
    if (profile.summary.profile !== false) sumHits(profile.summary.profile);

    console.log(
      [
        `graph                                        ${nodes} events, ${relationships} links`,
        row('baseline: driver lookup by id', baseline),
        row('driver lookup by id, auto-commit', autoCommit),
        row('GET /events/:id', getEvent),
        row('upstream ALL from a confidence level, depth 10', upstream),
        row('upstream ALL, no depth bound (limit 10000)', upstreamAll),
        row('downstream from a source change, depth 10', downstream),
        row('contents of a release (confidence level)', contents),
        row('releases of a source change', releases),
        row('lead time source change → confidence level', leadTime),
        row('lead-time stats over all changes', stats),
        `diamond lattice                              ${diamondLevels} levels × 2, 2^${diamondLevels - 1} paths top to bottom`,
        row('  upstream from the top', diamondUp),
        `  PROFILE upstream from the top              ${profile.records.length} rows, ${dbHits} db hits for ${diamondLevels * 2} nodes and ${diamondLevels * 4 - 4} links`,
        row('  contents of the top', diamondContents),
        row('  downstream from the bottom', diamondDown),
        row('  lead time bottom → top', diamondLead),
        `long history                                 ${longBuilds} builds of one component (${longCount} events) in the graph`,
        row('  lead time oldest change → newest release', longLead),
        row('  contents since=previous (release notes)', sincePrevious),
        row('  full contents of the newest (refused, 422)', fullContents),
        row('  releases of the oldest change (refused, 422)', oldReleases),
        row('  upstream of a release, unbounded', longUpstream),
        `ratio p95 / baseline p95: long lead time ${(longLead.p95 / baseline.p95).toFixed(1)}, since=previous ${(sincePrevious.p95 / baseline.p95).toFixed(1)}, full contents refused ${(fullContents.p95 / baseline.p95).toFixed(1)}`,
        `ratio p50 / baseline p50: auto-commit lookup ${(autoCommit.p50 / baseline.p50).toFixed(2)}, GET /events/:id ${(getEvent.p50 / baseline.p50).toFixed(2)}`,
        `ratio p95 / baseline p95: contents ${(contents.p95 / baseline.p95).toFixed(1)}, lead time ${(leadTime.p95 / baseline.p95).toFixed(1)}, upstream ${(upstream.p95 / baseline.p95).toFixed(1)}`,
      ].join('\n'),
    );
  } finally {
    await app.close();
    await driver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
