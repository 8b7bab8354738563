// `npm run bench:ingest` (issue 22): the same events written four ways, in one run, into one Neo4j —
//   1. the plain write: a node per event and a relationship per link, the id constraint only
//      (graph/src/testing/plain-write.ts) — the physical limit of Neo4j's write path here; then the
//      same storing Tracey's indexed properties under its indexes (what those alone cost);
//   2. Tracey's own writer (`EventGraph.writeEvents`) straight from memory, no broker; then the
//      worker's floor: the messages consumed and parsed with amqplib alone;
//   3. a backlog: every event queued in RabbitMQ first, then drained by one tracey-aggregator
//      process from its start (cold start included, and told apart);
//   4. a paced stream: published at TRACEY_BENCH_RATE while the worker runs (publish-to-stored latency).
// Optionally on a graph that already holds TRACEY_BENCH_PRELOAD events of the same shape.
// Settings: see docs/BENCHMARKS.md#ingest; every figure is printed with its ratio to the plain write.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { connect, type ChannelModel } from 'amqplib';
import neo4j, { type Driver } from 'neo4j-driver';
import { encodeForPublish, pipelineProtocol, type PipelineEvent } from '@tracey/schemas';
import {
  benchEventRow,
  countNodes,
  emptyGraph,
  generateCdeventsPipeline,
  generatePipelineEvents,
  plainWrite,
  plainWriteCounts,
  preparePlainWrite,
  realisticPipelineEvents,
  removePlainWrite,
} from '@tracey/graph/testing';
import { EventGraph, type EventRow } from '@tracey/graph';
import { connectToFirst } from '@tracey/common';
import { BenchWorker, histogramQuantile, metricValue, type BenchWorkerSettings } from './bench-worker.js';
import { LATENCY, Timeline } from './bench-timeline.js';
import { NEIGHBOURS, Neighbours, type Neighbour } from './service-cpu.js';
import { loadAggregatorConfig } from '../config.js';

const env = process.env;
const log = (message: string) => console.error(`bench:ingest: ${message}`);

/** A setting that is a whole number ≥ 0, or the bench refuses to start naming it. */
function wholeNumber(name: string, fallback: number): number {
  const given = env[name];
  if (given === undefined || given === '') return fallback;
  const value = Number(given.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 0)
    throw new BenchRefusal(`${name} must be a whole number ≥ 0, not '${given}'`);
  return value;
}

class BenchRefusal extends Error {}

const settings = () => {
  const shape = env['TRACEY_BENCH_SHAPE'] ?? 'realistic';
  if (shape !== 'realistic' && shape !== 'pipeline')
    throw new BenchRefusal(`TRACEY_BENCH_SHAPE must be realistic or pipeline, not '${shape}'`);
  const protocol = env['TRACEY_BENCH_PROTOCOL'] ?? 'eiffel';
  if (!['eiffel', 'cdevents', 'mixed'].includes(protocol))
    throw new BenchRefusal(`TRACEY_BENCH_PROTOCOL must be eiffel, cdevents or mixed, not '${protocol}'`);
  if (shape === 'realistic' && protocol !== 'eiffel')
    throw new BenchRefusal('TRACEY_BENCH_PROTOCOL=cdevents|mixed goes with TRACEY_BENCH_SHAPE=pipeline');
  const passOn: Record<string, string> = {};
  for (const name of [
    'TRACEY_PREFETCH',
    'TRACEY_WRITE_CONCURRENCY',
    'TRACEY_BATCH_SIZE',
    'TRACEY_BATCH_MS',
  ]) {
    const value = env[name];
    if (value !== undefined && value !== '') passOn[name] = value;
  }
  // The worker's batch size and prefetch, as the worker reads them (its defaults when unset).
  const worker = loadAggregatorConfig(passOn);
  if (!worker.ok)
    throw new BenchRefusal(worker.issues.map((issue) => `${issue.variable}: ${issue.message}`).join('; '));
  const workers = wholeNumber('TRACEY_BENCH_WORKERS', 1);
  if (workers < 1 || workers > 8)
    throw new BenchRefusal(`TRACEY_BENCH_WORKERS must be 1 to 8, not ${workers}`);
  return {
    workers,
    count: wholeNumber('TRACEY_BENCH_EVENTS', 100_000),
    preload: wholeNumber('TRACEY_BENCH_PRELOAD', 0),
    rate: wholeNumber('TRACEY_BENCH_RATE', 4_000),
    shape,
    protocol,
    variants: env['TRACEY_BENCH_VARIANTS'] === '1',
    timeline: env['TRACEY_BENCH_TIMELINE'] === '1',
    wipe: env['TRACEY_BENCH_WIPE'] === '1',
    reuse: env['TRACEY_BENCH_REUSE'] === '1',
    batchSize: worker.config.batchSize,
    prefetch: worker.config.prefetch,
    passOn,
    amqpUrl: env['TRACEY_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
    neo4jUrl: env['TRACEY_NEO4J_URL'] ?? 'bolt://127.0.0.1:7687',
    neo4jUser: env['TRACEY_NEO4J_USER'] ?? 'neo4j',
    neo4jPassword: env['TRACEY_NEO4J_PASSWORD'] ?? 'tracey-dev-password',
  };
};
type Settings = ReturnType<typeof settings>;

// The marker a preload leaves (not an :Event, so no query sees it), for TRACEY_BENCH_REUSE=1.
const PRELOAD_MARK = 'BenchPreload';

/** The measured events: their own commits and work items, none shared with a preload. */
function measuredEvents(config: Settings): unknown[] {
  const { count, shape, protocol, batchSize } = config;
  if (shape === 'realistic') return takeEvents(realisticPipelineEvents({ seed: 7, project: 'SHOP' }), count);
  if (protocol === 'eiffel') return generatePipelineEvents(count);
  if (protocol === 'cdevents') return generateCdeventsPipeline(count);
  const eiffel = generatePipelineEvents(Math.ceil(count / 2));
  const cdevents = generateCdeventsPipeline(Math.floor(count / 2));
  const mixed: unknown[] = [];
  for (let i = 0; i < Math.max(eiffel.length, cdevents.length); i += batchSize) {
    mixed.push(...eiffel.slice(i, i + batchSize), ...cdevents.slice(i, i + batchSize));
  }
  return mixed;
}

function takeEvents<T>(events: Iterable<T>, count: number): T[] {
  const taken: T[] = [];
  for (const event of events) {
    if (taken.length >= count) break;
    taken.push(event);
  }
  return taken;
}

async function readPreloadMark(driver: Driver): Promise<number> {
  const result = await driver.executeQuery(`MATCH (m:${PRELOAD_MARK}) RETURN max(m.events) AS events`);
  return Number(result.records[0]?.get('events') ?? 0);
}

/**
 * Makes the database hold `preload` events of the realistic shape (another project, earlier
 * times, their own commits), written by Tracey's own writer as a worker would have; a marker
 * records it for TRACEY_BENCH_REUSE=1.
 */
async function preloadGraph(
  driver: Driver,
  graph: EventGraph,
  preload: number,
  batchSize: number,
): Promise<void> {
  log(`preloading ${preload} events (realistic shape, project PRE)`);
  const start = performance.now();
  let batch: EventRow[] = [];
  let written = 0;
  const events = realisticPipelineEvents({
    seed: 99,
    project: 'PRE',
    firstCommit: 1_000_000_000,
    startTime: Date.UTC(2024, 0, 1),
  });
  // Two batches in flight, as the worker writes: the preload takes minutes at a million.
  const inFlight = new Set<Promise<unknown>>();
  for (const event of events) {
    if (written + batch.length >= preload) break;
    batch.push(benchEventRow(JSON.parse(JSON.stringify(event))));
    if (batch.length === batchSize) {
      const write = graph.writeEvents(batch).finally(() => inFlight.delete(write));
      inFlight.add(write);
      written += batch.length;
      batch = [];
      if (inFlight.size >= 2) await Promise.race(inFlight);
      if (written % 100_000 === 0)
        log(`  ${written} preloaded (${Math.round(written / ((performance.now() - start) / 1000))}/s)`);
    }
  }
  if (batch.length > 0) inFlight.add(graph.writeEvents(batch));
  written += batch.length;
  await Promise.all(inFlight);
  await driver.executeQuery(`CREATE (:${PRELOAD_MARK} {events: $events})`, { events: neo4j.int(written) });
  log(`preloaded ${written} events in ${((performance.now() - start) / 1000).toFixed(0)} s`);
}

/** Deletes the measured events (and what was made for them), leaving a preload as it was. */
async function removeMeasured(driver: Driver, ids: readonly string[]): Promise<void> {
  const session = driver.session();
  try {
    await session.run(
      'UNWIND $ids AS id MATCH (n:Event {id: id}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS',
      { ids },
    );
  } finally {
    await session.close();
  }
}

async function storedCount(driver: Driver, ids: readonly string[]): Promise<number> {
  const result = await driver.executeQuery(
    'UNWIND $ids AS id MATCH (n:Event {id: id}) WHERE n.hash IS NOT NULL RETURN count(n) AS stored',
    { ids },
    { routing: 'READ' },
  );
  return Number(result.records[0]?.get('stored'));
}

async function timed(what: string, work: () => Promise<void>): Promise<number> {
  log(what);
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/** CPU ms this process spent since `before` (a `process.cpuUsage()`), per 1,000 of `count` events. */
const ownMsPer1000 = (before: NodeJS.CpuUsage, count: number): number => {
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000 / (count / 1000);
};

/**
 * A write from memory: its seconds, Neo4j's CPU ms per 1,000 of the `count` events when local, and
 * the bench's own (the rows are made before: building the parameters, the driver's packing and
 * its socket — what any writer of these events from Node pays).
 */
async function measured(
  neighbours: Neighbours,
  what: string,
  count: number,
  work: () => Promise<void>,
): Promise<{ seconds: number; neo4jMsPer1000: number | undefined; clientMsPer1000: number }> {
  const before = neighbours.cpuSeconds();
  const own = process.cpuUsage();
  const seconds = await timed(what, work);
  return {
    seconds,
    neo4jMsPer1000: neighbours.msPer1000Since(before, count).Neo4j,
    clientMsPer1000: ownMsPer1000(own, count),
  };
}

const cpuOf = (msPer1000: number | undefined, clientMsPer1000: number): string =>
  `; CPU ${msPer1000 === undefined ? '' : `Neo4j ${Math.round(msPer1000)}, `}client ${Math.round(clientMsPer1000)} ms per 1,000 events`;

/**
 * The least CPU any worker of these events spends on RabbitMQ's side of its work: `messages` queued
 * in a quorum queue of their own, then consumed with amqplib by this process with the worker's
 * prefetch, each body parsed as JSON, acked 500 at a time (one `multiple` ack, as the worker's
 * runs) — no validation, no graph. Its CPU ms per 1,000 events, with the plain write's client CPU,
 * is the floor of the worker's CPU (docs/BENCHMARKS.md#ingest).
 */
async function consumeFloor(
  connection: ChannelModel,
  messages: readonly ReturnType<typeof encode>[],
  prefetch: number,
): Promise<number> {
  const queue = `tracey-bench.floor.${process.pid}.${randomUUID().slice(0, 8)}`;
  const consumer = await connection.createChannel();
  await consumer.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  try {
    await publish(connection, { exchange: '', routingKey: queue }, messages, 0);
    log(`consuming them again with amqplib only (prefetch ${prefetch}): the worker's floor`);
    await consumer.prefetch(prefetch);
    const own = process.cpuUsage();
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      consumer
        .consume(queue, (message) => {
          if (message === null) {
            reject(new Error(`RabbitMQ cancelled the consumer of ${queue}`));
            return;
          }
          JSON.parse(message.content.toString('utf8'));
          received += 1;
          if (received % 500 === 0 || received === messages.length) consumer.ack(message, true);
          if (received === messages.length) resolve();
        })
        .catch(reject);
    });
    return ownMsPer1000(own, messages.length);
  } finally {
    await consumer.deleteQueue(queue).catch(() => undefined);
    await consumer.close().catch(() => undefined);
  }
}

interface EndToEnd {
  /** Events/s from the worker's spawn to the last event stored. */
  readonly fromSpawn: number;
  /** Events/s from /ready to the last event stored. */
  readonly fromReady: number;
  readonly startupSeconds: number;
  /** Events/s in the first 5 s after /ready, and after them. */
  readonly firstSeconds: number;
  readonly later: number;
  /** CPU ms the worker spent per 1,000 events after /ready (its start apart). */
  readonly cpuMsPer1000: number;
  /** CPU ms per 1,000 events the processes beside the worker spent meanwhile (undefined: not on this machine). */
  readonly neighbours: { readonly [name in Neighbour]?: number };
  readonly peakRssBytes: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly retries: number;
  readonly deadLettered: number;
}

/**
 * Publishes `messages` with confirms, at `rate` events/s when it is not 0: to `exchange` with each
 * message's routing key, or with `routingKey` (the default exchange and a queue's name: straight to it).
 */
async function publish(
  connection: ChannelModel,
  { exchange, routingKey }: { readonly exchange: string; readonly routingKey?: string },
  messages: readonly ReturnType<typeof encode>[],
  rate: number,
  sent: { count: number } = { count: 0 },
): Promise<number> {
  const channel = await connection.createConfirmChannel();
  const start = performance.now();
  for (const [index, message] of messages.entries()) {
    const ok = channel.publish(exchange, routingKey ?? message.routingKey, Buffer.from(message.body), {
      contentType: message.contentType,
      messageId: message.messageId,
      persistent: true,
      headers: { timestamp_in_ms: Date.now() },
    });
    sent.count = index + 1;
    if (!ok) await new Promise((resolve) => channel.once('drain', resolve));
    if (index % 5000 === 4999) await channel.waitForConfirms();
    if (rate > 0 && index % 20 === 19) {
      const ahead = start + ((index + 1) / rate) * 1000 - performance.now();
      if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
    }
  }
  await channel.waitForConfirms();
  await channel.close();
  return messages.length / ((performance.now() - start) / 1000);
}

function encode(event: unknown) {
  const encoded = encodeForPublish(pipelineProtocol, event as PipelineEvent);
  if (!encoded.ok) throw new Error(`generator made an invalid event: ${JSON.stringify(encoded.errors)}`);
  return encoded.message;
}

/**
 * One end-to-end run: a fresh exchange and queues; `backlog` queues every event before the
 * measured worker starts (a first worker declares the topology and stops), else the worker runs
 * first and the events are published at `rate`.
 */
async function endToEnd(
  config: Settings,
  connection: ChannelModel,
  messages: readonly ReturnType<typeof encode>[],
  mode: 'backlog' | 'paced',
  neighbours: Neighbours,
): Promise<EndToEnd> {
  const suffix = `${process.pid}.${randomUUID().slice(0, 8)}`;
  const workerSettings: BenchWorkerSettings = {
    amqpUrl: config.amqpUrl,
    neo4jUrl: config.neo4jUrl,
    neo4jUser: config.neo4jUser,
    neo4jPassword: config.neo4jPassword,
    exchange: `tracey-bench.${suffix}`,
    queue: `tracey-bench.queue.${suffix}`,
    deadLetterQueue: `tracey-bench.dead.${suffix}`,
    passOn: config.passOn,
  };
  // Several workers (TRACEY_BENCH_WORKERS) share the queue as a deployment's do: counted together.
  const workers: BenchWorker[] = [];
  try {
    if (mode === 'backlog') {
      const declarer = await BenchWorker.start(workerSettings);
      await declarer.ready();
      await declarer.stop();
      log(
        `queueing ${messages.length} events, then ${drainers(config.workers)} ${config.workers === 1 ? 'drains' : 'drain'} them`,
      );
      await publish(connection, { exchange: workerSettings.exchange }, messages, 0);
    }
    for (let i = 0; i < config.workers; i++) workers.push(await BenchWorker.start(workerSettings));
    const spawnedAt = Math.min(...workers.map((worker) => worker.spawnedAt));
    const readyAt = Math.max(...(await Promise.all(workers.map((worker) => worker.ready()))));
    // The workers' CPU for the events, apart from their start (loading modules, compiling schemas).
    const cpuAtReady = workers.map((worker) => worker.cpuSeconds());
    const neighboursAtReady = neighbours.cpuSeconds();
    const sent = { count: mode === 'backlog' ? messages.length : 0 };
    const timeline = config.timeline
      ? await Timeline.start(connection, workers, workerSettings.queue, sent)
      : undefined;
    if (mode === 'paced') {
      log(`publishing ${messages.length} events at ${config.rate}/s to ${drainers(config.workers)}`);
      await publish(connection, { exchange: workerSettings.exchange }, messages, config.rate, sent);
      sent.count = messages.length;
    }
    const writtenByAll = async () =>
      (await Promise.all(workers.map((worker) => worker.written()))).reduce((sum, n) => sum + n, 0);
    let written = 0;
    let firstWindow: number | undefined;
    // Polled every 200 ms: each scrape costs the worker CPU the bench would count as its own.
    while (written < messages.length) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      written = await writtenByAll();
      if (firstWindow === undefined && performance.now() - readyAt >= 5_000) firstWindow = written;
    }
    const doneAt = performance.now();
    if (timeline !== undefined) console.log([`${mode}:`, ...(await timeline.stop())].join('\n'));
    const texts = await Promise.all(workers.map((worker) => worker.metrics()));
    const cpu = workers.reduce((sum, worker, i) => sum + worker.cpuSeconds() - (cpuAtReady[i] ?? 0), 0);
    const neighboursSpent = neighbours.msPer1000Since(neighboursAtReady, messages.length);
    const peakRss = Math.max(...workers.map((worker) => worker.memory('VmHWM')));
    await Promise.all(workers.map((worker) => worker.stop()));
    const channel = await connection.createChannel();
    const dead = (await channel.checkQueue(workerSettings.deadLetterQueue)).messageCount;
    await channel.deleteQueue(workerSettings.queue);
    await channel.deleteQueue(workerSettings.deadLetterQueue);
    await channel.deleteExchange(workerSettings.exchange);
    await channel.close();
    const afterReady = (doneAt - readyAt) / 1000;
    const first = firstWindow ?? written;
    const firstSeconds = Math.min(5, afterReady);
    return {
      fromSpawn: messages.length / ((doneAt - spawnedAt) / 1000),
      fromReady: messages.length / afterReady,
      startupSeconds: (readyAt - spawnedAt) / 1000,
      firstSeconds: first / firstSeconds,
      // Nothing left after the first 5 s (a small run): no later rate, rather than 0.
      later:
        afterReady > 5 && first < messages.length ? (messages.length - first) / (afterReady - 5) : Number.NaN,
      cpuMsPer1000: (cpu * 1000 * 1000) / messages.length,
      neighbours: neighboursSpent,
      peakRssBytes: peakRss,
      latencyP50Ms: histogramQuantile(texts, LATENCY, 0.5) * 1000,
      latencyP99Ms: histogramQuantile(texts, LATENCY, 0.99) * 1000,
      retries: texts.reduce(
        (sum, text) => sum + metricValue(text, 'tracey_aggregator_write_retries_total'),
        0,
      ),
      deadLettered: dead,
    };
  } finally {
    for (const worker of workers) worker.kill();
  }
}

/** One line: the CPU per 1,000 events of the worker and its neighbours, and the rate the cores allow. */
function cpuLine(run: EndToEnd): string {
  const known: [string, number][] = [['worker', run.cpuMsPer1000]];
  for (const name of NEIGHBOURS) {
    const ms = run.neighbours[name];
    if (ms !== undefined) known.push([name, ms]);
  }
  const total = known.reduce((sum, [, ms]) => sum + ms, 0);
  const cores = availableParallelism();
  return (
    `${known.map(([name, ms]) => `${name} ${Math.round(ms)}`).join(', ')} ms per 1,000 events: ` +
    `${Math.round(total)} ms, so ${cores} cores allow ${Math.round((cores * 1000 * 1000) / total).toLocaleString('en-US')} events/s`
  );
}

const drainers = (count: number): string => (count === 1 ? 'one worker' : `${count} workers`);

async function writeAll(
  rows: readonly EventRow[],
  batchSize: number,
  write: (batch: EventRow[]) => Promise<unknown>,
) {
  for (let i = 0; i < rows.length; i += batchSize) await write(rows.slice(i, i + batchSize));
}

async function main(): Promise<void> {
  const config = settings();
  const driver = neo4j.driver(config.neo4jUrl, neo4j.auth.basic(config.neo4jUser, config.neo4jPassword), {
    disableLosslessIntegers: true,
  });
  let connection: ChannelModel | undefined;
  try {
    let existing: number;
    try {
      existing = await countNodes(driver);
    } catch (error) {
      throw new BenchRefusal(
        `cannot read ${config.neo4jUrl}: ${(error as Error).message} (TRACEY_NEO4J_URL, TRACEY_NEO4J_PASSWORD)`,
      );
    }
    const preloaded = existing > 0 && config.reuse ? await readPreloadMark(driver) : 0;
    const reusing = config.reuse && preloaded >= config.preload && preloaded > 0;
    if (existing > 0 && !reusing) {
      if (!config.wipe)
        throw new BenchRefusal(
          `${config.neo4jUrl} holds ${existing} nodes; the bench deletes them: set TRACEY_BENCH_WIPE=1 to allow it, ` +
            'TRACEY_BENCH_REUSE=1 to measure on the preload an earlier run left, or point TRACEY_NEO4J_URL at an empty database',
        );
      log(`deleting the ${existing} nodes ${config.neo4jUrl} holds (TRACEY_BENCH_WIPE=1)`);
      await emptyGraph(driver);
    }
    try {
      // A cluster's nodes, comma-separated, as every Tracey client takes them: the first that answers.
      connection = await connectToFirst(config.amqpUrl, (url) => connect(url));
    } catch (error) {
      throw new BenchRefusal(`cannot connect to RabbitMQ: ${(error as Error).message} (TRACEY_AMQP_URL)`);
    }
    const graph = new EventGraph(driver);
    const neighbours = new Neighbours(config.neo4jUrl, config.amqpUrl);
    await graph.ensureSchema();
    if (reusing) log(`measuring on the ${preloaded} events an earlier run preloaded (TRACEY_BENCH_REUSE=1)`);
    else if (config.preload > 0) await preloadGraph(driver, graph, config.preload, config.batchSize);
    const stored = reusing ? preloaded : config.preload;

    log(
      `generating ${config.count} events (${config.shape} shape${config.shape === 'pipeline' ? `, ${config.protocol}` : ''})`,
    );
    const messages = measuredEvents(config).map(encode);
    const rows = messages.map((message) => benchEventRow(JSON.parse(message.body)));
    const ids = rows.map((row) => row.id);
    const links = rows.reduce((sum, row) => sum + row.links.length, 0);
    const bytes = rows.reduce((sum, row) => sum + row.json.length, 0);

    // Neo4j compiles its hot paths as it runs: a first pass of a few thousand events both ways,
    // deleted again, so that the order of the measurements does not decide them.
    await preparePlainWrite(driver);
    const warmUp = rows.slice(0, Math.min(rows.length, 5_000));
    await timed(`warm-up: ${warmUp.length} events each way, then deleted`, async () => {
      await writeAll(warmUp, config.batchSize, (batch) => plainWrite(driver, batch));
      await removePlainWrite(driver);
      await preparePlainWrite(driver, { indexed: true });
      await writeAll(warmUp, config.batchSize, (batch) => plainWrite(driver, batch, { indexed: true }));
      await writeAll(warmUp, config.batchSize, (batch) => graph.writeEvents(batch));
      await removePlainWrite(driver);
      await preparePlainWrite(driver);
      await removeMeasured(driver, ids);
    });

    // 1. The plain write, checked to have stored every event and link; then the same with the
    // properties Tracey stores and its indexes of them: what those cost Neo4j apart from the rest.
    const plain = await measured(
      neighbours,
      `plain batched write (batches of ${config.batchSize})`,
      rows.length,
      () => writeAll(rows, config.batchSize, (batch) => plainWrite(driver, batch)),
    );
    const plainSeconds = plain.seconds;
    // Every event and link stored, or the figure is of another write.
    const checkPlainWrite = async (what: string) => {
      const counts = await plainWriteCounts(driver);
      if (counts.nodes < rows.length || counts.links !== links)
        throw new Error(
          `${what} stored ${counts.nodes} nodes and ${counts.links} links of ${rows.length} and ${links}`,
        );
      await removePlainWrite(driver);
    };
    await checkPlainWrite('the plain write');
    await preparePlainWrite(driver, { indexed: true });
    const indexedPlain = await measured(
      neighbours,
      'plain write with the indexed properties',
      rows.length,
      () => writeAll(rows, config.batchSize, (batch) => plainWrite(driver, batch, { indexed: true })),
    );
    await checkPlainWrite('the plain write with indexed properties');

    // 2. Tracey's writer from memory (and, with TRACEY_BENCH_VARIANTS=1, without steps 3 and 4).
    const writers: [string, EventGraph][] = [['Tracey writeEvents', graph]];
    if (config.variants)
      writers.push(
        ['  without the history index', new EventGraph(driver, { historyIndex: false })],
        ['  without derived links', new EventGraph(driver, { derivedLinks: false })],
      );
    const writerSeconds: [string, number, number | undefined, number][] = [];
    for (const [name, writer] of writers) {
      const { seconds, neo4jMsPer1000, clientMsPer1000 } = await measured(
        neighbours,
        `${name} (batches of ${config.batchSize})`,
        rows.length,
        () => writeAll(rows, config.batchSize, (batch) => writer.writeEvents(batch)),
      );
      writerSeconds.push([name, seconds, neo4jMsPer1000, clientMsPer1000]);
      await removeMeasured(driver, ids);
    }

    // The worker's floor on RabbitMQ's side: consuming and parsing the same messages, nothing else.
    const floorMsPer1000 = await consumeFloor(connection, messages, config.prefetch);

    // 3. and 4. End to end through RabbitMQ and the workers (one unless TRACEY_BENCH_WORKERS).
    const backlog = await endToEnd(config, connection, messages, 'backlog', neighbours);
    if ((await storedCount(driver, ids)) !== ids.length)
      throw new Error('the backlog run did not store every event');
    await removeMeasured(driver, ids);
    const paced =
      config.rate > 0 ? await endToEnd(config, connection, messages, 'paced', neighbours) : undefined;
    if (paced !== undefined) await removeMeasured(driver, ids);

    const plainRate = rows.length / plainSeconds;
    const perSecond = (value: number) =>
      Number.isNaN(value) ? '—' : `${Math.round(value).toLocaleString('en-US')} events/s`;
    const ratio = (value: number) => (value / plainRate).toFixed(2);
    const ms = (value: number) => `${Math.round(value)} ms`;
    const mib = (value: number) => `${Math.round(value / 2 ** 20)} MiB`;
    const lines = [
      `events                        ${rows.length} (${config.shape}; ${(links / rows.length).toFixed(2)} links/event, ${Math.round(bytes / rows.length)} bytes/event) on a graph of ${stored} events`,
      `plain batched write           ${perSecond(plainRate)} (baseline)${cpuOf(plain.neo4jMsPer1000, plain.clientMsPer1000)}`,
      `  with indexed properties     ${perSecond(rows.length / indexedPlain.seconds)} (ratio ${ratio(rows.length / indexedPlain.seconds)})${cpuOf(indexedPlain.neo4jMsPer1000, indexedPlain.clientMsPer1000)}`,
      ...writerSeconds.map(
        ([name, seconds, neo4jMs, clientMs]) =>
          `${name.padEnd(30)}${perSecond(rows.length / seconds)} (ratio ${ratio(rows.length / seconds)})${cpuOf(neo4jMs, clientMs)}`,
      ),
      `worker floor                  ${ms(floorMsPer1000)} consuming and parsing + ${ms(plain.clientMsPer1000)} the plain write's client = ${ms(floorMsPer1000 + plain.clientMsPer1000)} per 1,000 events`,
      `${`backlog, ${drainers(config.workers)}`.padEnd(30)}${perSecond(backlog.fromSpawn)} from its start (ratio ${ratio(backlog.fromSpawn)}); ${perSecond(backlog.fromReady)} from /ready`,
      `  start, first 5 s, later     ${backlog.startupSeconds.toFixed(1)} s to /ready; ${perSecond(backlog.firstSeconds)}; ${perSecond(backlog.later)}`,
      `  worker CPU, peak RSS        ${backlog.cpuMsPer1000.toFixed(0)} ms per 1,000 events after /ready; ${mib(backlog.peakRssBytes)}`,
      `  CPU while draining          ${cpuLine(backlog)}`,
      `  retries, dead-lettered      ${backlog.retries}, ${backlog.deadLettered}`,
      ...(paced === undefined
        ? []
        : [
            `paced at ${config.rate}/s, latency   p50 ${ms(paced.latencyP50Ms)}, p99 ${ms(paced.latencyP99Ms)} (publish to stored)`,
            `  CPU                         ${cpuLine(paced)}`,
            `  retries, dead-lettered      ${paced.retries}, ${paced.deadLettered}`,
          ]),
    ];
    console.log(lines.join('\n'));
    console.log(
      JSON.stringify({
        events: rows.length,
        shape: config.shape,
        preloaded: stored,
        plainEventsPerSecond: Math.round(plainRate),
        indexedPlainEventsPerSecond: Math.round(rows.length / indexedPlain.seconds),
        writers: Object.fromEntries(
          writerSeconds.map(([name, seconds]) => [name.trim(), Math.round(rows.length / seconds)]),
        ),
        neo4jCpuMsPer1000: Object.fromEntries(
          [
            ['plain', plain.neo4jMsPer1000] as const,
            ['plain with indexed properties', indexedPlain.neo4jMsPer1000] as const,
            ...writerSeconds.map(([name, , ms]) => [name.trim(), ms] as const),
          ]
            .filter(([, ms]) => ms !== undefined)
            .map(([name, ms]) => [name, Math.round(ms ?? 0)]),
        ),
        clientCpuMsPer1000: Object.fromEntries(
          [
            ['plain', plain.clientMsPer1000] as const,
            ['plain with indexed properties', indexedPlain.clientMsPer1000] as const,
            ...writerSeconds.map(([name, , , clientMs]) => [name.trim(), clientMs] as const),
          ].map(([name, ms]) => [name, Math.round(ms)]),
        ),
        workerFloorMsPer1000: {
          consume: Math.round(floorMsPer1000),
          plainClient: Math.round(plain.clientMsPer1000),
        },
        backlog: { ...backlog, ratioToPlain: Number(ratio(backlog.fromSpawn)) },
        paced,
        settings: { ...config.passOn, workers: config.workers },
      }),
    );
    if (backlog.deadLettered > 0 || (paced?.deadLettered ?? 0) > 0) process.exitCode = 1;
  } finally {
    await connection?.close().catch(() => undefined);
    await driver.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof BenchRefusal) {
    console.error(`bench:ingest: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  // One line, as any other failure of a command: the code and message, the stack only on request.
  const { code, message } = error as { code?: unknown; message?: unknown };
  console.error(
    `bench:ingest: failed: ${typeof code === 'string' ? `${code}: ` : ''}${String(message ?? error)}`,
  );
  if (env['TRACEY_BENCH_DEBUG'] === '1') console.error(error);
  process.exitCode = 1;
});
