// `npm run bench:dora`: the DORA keys (GET /dora) over a graph of a million events in which every
// change carries its history (BASE and PREVIOUS_VERSION links back to the service's first change,
// as a repository's commits do), so "everything a deployment reaches" is the whole history and only
// a delta walk that stops at the previous deployment's border answers in time. The graph: a DORA
// history (TRACEY_BENCH_SERVICES services over TRACEY_BENCH_DAYS days, 8–22 changes per build,
// deployments to dev, staging and production, rollbacks, incidents) and, up to
// TRACEY_BENCH_EVENTS, the pipeline generator's builds and tests (activities, artifacts,
// confidence levels) that DORA reads past. Loaded through the aggregator's write path
// (EventGraph.writeEvents). Baseline in the same run: GET /lead-time/stats over the same window.
// Reads TRACEY_NEO4J_URL/USER/PASSWORD, TRACEY_BENCH_EVENTS (1000000), TRACEY_BENCH_SERVICES
// (100), TRACEY_BENCH_DAYS (365), TRACEY_BENCH_SAMPLES (100 one-service requests; a tenth of that
// for all services), TRACEY_BENCH_WIPE=1 / TRACEY_BENCH_REUSE=1 as bench:query does.
import neo4j, { type Driver } from 'neo4j-driver';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '@tracey/common';
import { EventGraph } from '@tracey/graph';
import { countNodes, emptyGraph, pipelineEvents } from '@tracey/graph/testing';
import { generateDoraHistory } from '@tracey/dora/testing';
import { buildApp } from '../build-app.js';
import { firstEvents, loadEvents, quantile } from './bench-load.js';

const env = process.env;
const count = Number(env['TRACEY_BENCH_EVENTS'] ?? 1_000_000);
const serviceCount = Number(env['TRACEY_BENCH_SERVICES'] ?? 100);
const days = Number(env['TRACEY_BENCH_DAYS'] ?? 365);
const samples = Number(env['TRACEY_BENCH_SAMPLES'] ?? 100);
const neo4jUrl = env['TRACEY_NEO4J_URL'] ?? 'bolt://127.0.0.1:7687';
const neo4jUser = env['TRACEY_NEO4J_USER'] ?? 'neo4j';
const neo4jPassword = env['TRACEY_NEO4J_PASSWORD'] ?? 'tracey-dev-password';
const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 1);

const log = (message: string) => console.error(`bench:dora: ${message}`);

interface Figures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly n: number;
}

/** Times `n` requests (after `warm` untimed ones), the i-th built from `urls[i % urls.length]`. */
async function measure(app: FastifyInstance, urls: readonly string[], n: number, warm = 3): Promise<Figures> {
  for (let i = 0; i < warm; i++) await get(app, urls[i % urls.length] ?? '');
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await get(app, urls[i % urls.length] ?? '');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    p99: quantile(times, 0.99),
    max: times[times.length - 1] ?? NaN,
    n,
  };
}

async function get(app: FastifyInstance, url: string): Promise<Record<string, unknown>> {
  const response = await app.inject({ method: 'GET', url });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** What the generated history holds, counted from its events (not from the graph). */
function tally(events: readonly unknown[]): { deployments: number; changes: number; incidents: number } {
  let deployments = 0;
  let changes = 0;
  let incidents = 0;
  for (const raw of events) {
    const event = raw as {
      meta?: { type: string };
      data?: { name?: string };
      context?: { type: string };
      customData?: { commitId?: string };
    };
    const type = event.meta?.type ?? event.context?.type ?? '';
    if (
      type === 'EiffelArtifactDeployedEvent' ||
      (type === 'EiffelActivityTriggeredEvent' && event.data?.name?.startsWith('Deploy ') === true) ||
      /^dev\.cdevents\.service\.(deployed|upgraded|rolledback)\./.test(type)
    )
      deployments++;
    // A change: an Eiffel submission, or a merge of a service whose changes have no commit (squash).
    if (
      type === 'EiffelSourceChangeSubmittedEvent' ||
      (type.startsWith('dev.cdevents.change.merged.') && event.customData?.commitId === undefined)
    )
      changes++;
    if (/^dev\.cdevents\.incident\.(detected|reported)\./.test(type)) incidents++;
  }
  return { deployments, changes, incidents };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (name: string, f: Figures, extra = '') =>
  `${name.padEnd(46)} p50 ${ms(f.p50).padStart(10)}  p95 ${ms(f.p95).padStart(10)}  max ${ms(f.max).padStart(10)}  (${f.n} requests)${extra}`;

/**
 * Generates the history and loads it (unless reused); answers what the measurement needs of it
 * only, so its 350,000 events are garbage by then (a heap that holds them makes every major
 * collection during the requests slower: the bench's cost, not the API's).
 */
async function prepare(
  driver: Driver,
  graph: EventGraph,
): Promise<{ events: number; figures: ReturnType<typeof tally>; end: number; services: string[] } | null> {
  log(`generating ${serviceCount} services over ${days} days`);
  const history = generateDoraHistory({ services: serviceCount, days, start, changesPerBuild: [8, 22] });
  const figures = tally(history.events);
  const fill = Math.max(0, count - history.events.length);
  const existing = await countNodes(driver);
  const reuse = env['TRACEY_BENCH_REUSE'] === '1' && existing > 0;
  if (!reuse) {
    if (existing > 0 && env['TRACEY_BENCH_WIPE'] !== '1') {
      log(
        `${neo4jUrl} holds ${existing} nodes; the bench deletes them: set TRACEY_BENCH_WIPE=1 (or TRACEY_BENCH_REUSE=1 to measure the graph an earlier run loaded)`,
      );
      process.exitCode = 2;
      return null;
    }
    log(`emptying the graph (${existing} nodes)`);
    await emptyGraph(driver);
    await graph.ensureSchema();
    log(
      `loading ${history.events.length} DORA history events and ${fill} pipeline events through EventGraph.writeEvents (batches of 1,000, 2 in flight)`,
    );
    const rate = await loadEvents(graph, history.events, history.events.length, log);
    log(`history loaded at ${Math.round(rate)} events/s`);
    await loadEvents(graph, firstEvents(pipelineEvents({ startTime: start }), fill), fill, log);
  } else {
    log(`reusing the graph of ${existing} nodes (generated again with the same seed)`);
  }
  return { events: history.events.length, figures, end: history.end, services: [...history.services] };
}

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
    const history = await prepare(driver, graph);
    if (history === null) return;
    const stored = await driver.executeQuery('MATCH (n:Event) RETURN count(n) AS c', {}, { routing: 'READ' });
    const nodes = stored.records[0]?.get('c') as number;

    const until = history.end;
    const since = until - 90 * DAY;
    const window = `since=${since}&until=${until}`;
    const services = history.services.map((service, index) =>
      // Eiffel artifact and activity services are named by their purl without version.
      index >= serviceCount * 0.8 ? `pkg:maven/com.example/${service}` : service,
    );
    const oneUrls = services.map((service) => `/dora?service=${encodeURIComponent(service)}&${window}`);
    const answer = await get(app, `/dora?${window}`);
    const keys = answer['keys'] as { deploymentFrequency?: { deployments?: number } } | undefined;

    log(`measuring: ${samples} one-service requests, ${Math.ceil(samples / 10)} of the others`);
    const baseline = await measure(
      app,
      [`/lead-time/stats?from=SourceChangeSubmitted&to=ArtifactCreated&${window}`],
      Math.ceil(samples / 10),
    );
    const one = await measure(app, oneUrls, samples);
    const all = await measure(app, [`/dora?${window}`], Math.ceil(samples / 10), 1);
    const weekly = await measure(app, [`/dora?${window}&groupBy=week`], Math.ceil(samples / 10), 1);
    const oneDeployments = await measure(
      app,
      services.map((service) => `/dora/deployments?service=${encodeURIComponent(service)}&${window}`),
      Math.ceil(samples / 2),
    );
    // With the release stage every environment's deltas are walked: the drill-down, not the keys.
    const allDeployments = await measure(app, [`/dora/deployments?${window}`], Math.ceil(samples / 20), 1);

    const goal = (figure: number, limit: number) => (figure <= limit ? 'goal met' : 'GOAL MISSED');
    console.log(
      [
        `graph                                          ${nodes} events; the DORA history: ${history.events} events, ${history.figures.deployments} deployments, ${history.figures.changes} changes, ${history.figures.incidents} incidents, ${serviceCount} services, ${days} days`,
        `window                                         90 days, ${new Date(since).toISOString().slice(0, 10)} to ${new Date(until).toISOString().slice(0, 10)}: ${keys?.deploymentFrequency?.deployments ?? '?'} production deployments`,
        row('baseline: /lead-time/stats over the window', baseline),
        row('/dora one service', one, `  ${goal(one.p95, 200)} (p95 ≤ 200 ms)`),
        row('/dora all services', all, `  ${goal(all.p95, 2000)} (≤ 2 s)`),
        row('/dora all services, groupBy=week', weekly),
        row('/dora/deployments one service', oneDeployments),
        row('/dora/deployments all services', allDeployments),
        `ratio p95 / baseline p95: one service ${(one.p95 / baseline.p95).toFixed(2)}, all services ${(all.p95 / baseline.p95).toFixed(2)}`,
      ].join('\n'),
    );
  } finally {
    await app.close();
    await driver.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:dora: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
