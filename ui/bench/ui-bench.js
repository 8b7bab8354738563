// `npm run bench:ui`: the web UI in headless Chromium on this machine (docs/BENCHMARKS.md, Web UI):
// how soon the first view is usable, and how long an upstream graph of 2,000 events takes from
// the request to drawn (layout in the worker + cytoscape), against a graph of 200 events of the
// same shape and the API's own answer time, measured in the same run.
// Needs the build (`npm run build`), Chromium (TRACEY_CHROMIUM, default /usr/bin/chromium) and a
// Neo4j at TRACEY_NEO4J_URL (user TRACEY_NEO4J_USER, password TRACEY_NEO4J_PASSWORD) that is empty,
// or TRACEY_BENCH_WIPE=1 to let the bench delete what it holds.
import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { buildApp } from '@tracey/api';
import { ingest } from '@tracey/api/testing';
import { EventGraph } from '@tracey/graph';
import { countNodes, emptyGraph } from '@tracey/graph/testing';
import { eiffelEvent } from '@tracey/schemas';

const env = process.env;
const neo4jUrl = env.TRACEY_NEO4J_URL ?? 'bolt://127.0.0.1:7687';
const user = env.TRACEY_NEO4J_USER ?? 'neo4j';
const password = env.TRACEY_NEO4J_PASSWORD ?? 'tracey-dev-password';
const runs = Number(env.TRACEY_BENCH_RUNS ?? 5);
const log = (message) => process.stderr.write(`bench:ui: ${message}\n`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;

/**
 * A release of `branches` branches of `commits` commits each (created + submitted, each commit's
 * BASE the one before it, every fifth also merging the next branch's), all in one composition, in
 * one artifact: 2 × branches × commits + 2 events upstream of the artifact.
 */
function release(branches, commits) {
  let clock = Date.UTC(2026, 10, 1);
  const at = () => ({ time: (clock += 60_000) });
  const events = [];
  const heads = [];
  const tails = [];
  for (let b = 0; b < branches; b++) {
    let previous;
    for (let c = 0; c < commits; c++) {
      const git = {
        commitId: randomUUID().replaceAll('-', ''),
        repoName: `repo-${b}`,
        repoUri: `https://git.example.com/repo-${b}.git`,
        branch: 'main',
      };
      let created = eiffelEvent('EiffelSourceChangeCreatedEvent', { gitIdentifier: git }, at());
      if (previous !== undefined) created = created.link('BASE', previous);
      const scc = created.build();
      const scs = eiffelEvent('EiffelSourceChangeSubmittedEvent', { gitIdentifier: git }, at())
        .link('CHANGE', scc.meta.id)
        .build();
      events.push(scc, scs);
      if (c === 0) tails.push(scc);
      previous = scs.meta.id;
    }
    heads.push(previous);
  }
  // Merges between branches: a DAG, not a forest.
  for (let b = 0; b + 1 < branches; b += 5) tails[b + 1].links.push({ type: 'BASE', target: heads[b] });
  let composition = eiffelEvent('EiffelCompositionDefinedEvent', { name: 'bench', version: '1' }, at());
  for (const head of heads) composition = composition.link('ELEMENT', head);
  const built = composition.build();
  const artifact = eiffelEvent(
    'EiffelArtifactCreatedEvent',
    { identity: `pkg:generic/bench-${branches}@1` },
    at(),
  )
    .link('COMPOSITION', built.meta.id)
    .build();
  events.push(built, artifact);
  return { events, root: artifact.meta.id };
}

async function main() {
  const driver = neo4j.driver(neo4jUrl, neo4j.auth.basic(user, password));
  let existing;
  try {
    existing = await countNodes(driver);
  } catch (error) {
    await driver.close();
    process.stderr.write(`bench:ui: cannot read ${neo4jUrl}: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (existing > 0 && env.TRACEY_BENCH_WIPE !== '1') {
    await driver.close();
    process.stderr.write(
      `bench:ui: ${neo4jUrl} holds ${existing} nodes; the bench deletes them: set TRACEY_BENCH_WIPE=1 to allow it, or point TRACEY_NEO4J_URL at an empty database\n`,
    );
    process.exitCode = 2;
    return;
  }
  await emptyGraph(driver);
  const writer = new EventGraph(driver);
  const small = release(4, 25);
  const large = release(40, 25);
  log(`writing ${small.events.length + large.events.length} events`);
  await ingest(writer, [...small.events, ...large.events]);

  const graph = EventGraph.connectReader({ url: neo4jUrl, user, password });
  const app = buildApp({
    graph,
    config: { apiToken: undefined, readAuth: 'optional' },
    logger: pino({ level: 'silent' }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${app.server.address().port}`;
  const browser = await chromium.launch({
    executablePath: env.TRACEY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });

  /** A fresh browser context (no cache) per load, as a person opening a shared link. */
  const load = async (path, mark) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    const entry = await page.waitForFunction(
      (name) => {
        const [found] = performance.getEntriesByName(name);
        return found === undefined ? false : { at: found.startTime, detail: found.detail ?? null };
      },
      mark,
      { timeout: 60_000, polling: 50 },
    );
    const value = await entry.jsonValue();
    await context.close();
    return value;
  };

  const apiMs = async (root) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const response = await fetch(`${base}/events/${root}/upstream?maxDepth=unbounded&limit=2000`);
      await response.json();
      times.push(performance.now() - started);
    }
    return median(times);
  };

  log('warming up');
  await load('/ui/', 'tracey:interactive');
  await load(`/ui/graph?id=${small.root}&dir=upstream&depth=unbounded`, 'tracey:graph-drawn');

  const first = [];
  for (let i = 0; i < runs; i++) first.push((await load('/ui/', 'tracey:interactive')).at);
  const graphRuns = {};
  for (const [name, shape] of [
    ['200', small],
    ['2000', large],
  ]) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      results.push(
        await load(`/ui/graph?id=${shape.root}&dir=upstream&depth=unbounded`, 'tracey:graph-drawn'),
      );
    }
    graphRuns[name] = {
      nodes: results[0].detail.nodes,
      total: median(results.map((result) => result.detail.sinceAskedMs)),
      layout: median(results.map((result) => result.detail.layoutMs)),
      draw: median(results.map((result) => result.detail.drawMs)),
      sincePageStart: median(results.map((result) => result.at)),
      api: await apiMs(shape.root),
    };
  }
  await browser.close();
  await app.close();
  await graph.close();
  await emptyGraph(driver);
  await driver.close();

  const small200 = graphRuns['200'];
  const large2000 = graphRuns['2000'];
  const lines = [
    `web UI in headless Chromium, median of ${runs} cold loads (a new browser context each)`,
    '',
    '| figure | value | goal |',
    '| --- | --- | --- |',
    `| first view interactive (Find, recent events listed), from navigation | ${ms(median(first))} | ≤ 1,500 ms |`,
    `| upstream graph of ${large2000.nodes} events: asked → laid out and drawn | ${ms(large2000.total)} | ≤ 2,000 ms |`,
    `| … of which layout (layered, in the worker) | ${ms(large2000.layout)} | |`,
    `| … of which drawing (cytoscape) | ${ms(large2000.draw)} | |`,
    `| … the API's answer alone (baseline) | ${ms(large2000.api)} | |`,
    `| … from navigation to drawn | ${ms(large2000.sincePageStart)} | |`,
    `| upstream graph of ${small200.nodes} events: asked → drawn (baseline) | ${ms(small200.total)} | |`,
    '',
    `ratio 2,000-event graph / 200-event graph: ${(large2000.total / small200.total).toFixed(2)}`,
    `ratio 2,000-event graph / its API answer: ${(large2000.total / large2000.api).toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
