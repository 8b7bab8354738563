// `npm run bench:ingest`: events of realistic pipeline shape through RabbitMQ and one
// tracey-aggregator process into Neo4j, against a raw batched write of the same rows (no broker)
// in the same run. Reads TRACEY_AMQP_URL, TRACEY_NEO4J_URL/USER/PASSWORD, TRACEY_BENCH_EVENTS
// (100000), TRACEY_BENCH_RATE (events/s to publish at; default: as fast as the broker confirms,
// which measures throughput, while a rate below it measures latency without a backlog) and
// TRACEY_BENCH_WIPE=1 (needed when the database holds nodes: the bench deletes them) and
// TRACEY_BENCH_PROTOCOL (`eiffel`, the default; `cdevents`, a DORA pipeline of CDEvents; `mixed`,
// half of each, interleaved by batch).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import neo4j from 'neo4j-driver';
import { encodeForPublish, pipelineProtocol, type PipelineEvent } from '@tracey/schemas';
import {
  benchEventRow,
  countNodes,
  emptyGraph,
  generateCdeventsPipeline,
  generatePipelineEvents,
} from '@tracey/graph/testing';
import { EventGraph } from '@tracey/graph';

const env = process.env;
const count = Number(env['TRACEY_BENCH_EVENTS'] ?? 100_000);
const rate = Number(env['TRACEY_BENCH_RATE'] ?? 0);
const protocol = env['TRACEY_BENCH_PROTOCOL'] ?? 'eiffel';
const batchSize = 500;
const amqpUrl = env['TRACEY_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const neo4jUrl = env['TRACEY_NEO4J_URL'] ?? 'bolt://127.0.0.1:7687';
const neo4jUser = env['TRACEY_NEO4J_USER'] ?? 'neo4j';
const neo4jPassword = env['TRACEY_NEO4J_PASSWORD'] ?? 'tracey-dev-password';
const mainJs = fileURLToPath(new URL('../main.js', import.meta.url));

const log = (message: string) => console.error(`bench:ingest: ${message}`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}

// CPU seconds (user + system) a process has used, from /proc/<pid>/stat (clock ticks of 10 ms).
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function metricValue(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return Number(match?.[1] ?? 0);
}

// Quantile of a Prometheus histogram, linear within the bucket it falls in.
function histogramQuantile(text: string, name: string, q: number): number {
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))].map(
    (m) => ({
      le: m[1] === '+Inf' ? Infinity : Number(m[1]),
      count: Number(m[2]),
    }),
  );
  const total = buckets.at(-1)?.count ?? 0;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lower;
      return lower + ((bucket.le - lower) * (rank - below)) / Math.max(1, bucket.count - below);
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return lower;
}

/** The events of the run, in pipeline order: Eiffel, CDEvents, or batches of each in turn. */
function benchEvents(): unknown[] {
  if (protocol === 'eiffel') return generatePipelineEvents(count);
  if (protocol === 'cdevents') return generateCdeventsPipeline(count);
  if (protocol !== 'mixed')
    throw new Error(`TRACEY_BENCH_PROTOCOL must be eiffel, cdevents or mixed, not ${protocol}`);
  const eiffel = generatePipelineEvents(Math.ceil(count / 2));
  const cdevents = generateCdeventsPipeline(Math.floor(count / 2));
  const mixed: unknown[] = [];
  for (let i = 0; i < Math.max(eiffel.length, cdevents.length); i += batchSize) {
    mixed.push(...eiffel.slice(i, i + batchSize), ...cdevents.slice(i, i + batchSize));
  }
  return mixed;
}

/** A reason the bench does not run: said on one line, exit code 2, nothing left open. */
function refuse(message: string): void {
  console.error(`bench:ingest: ${message}`);
  process.exitCode = 2;
}

async function main(): Promise<void> {
  const driver = neo4j.driver(neo4jUrl, neo4j.auth.basic(neo4jUser, neo4jPassword), {
    disableLosslessIntegers: true,
  });
  let existing: number;
  try {
    existing = await countNodes(driver);
  } catch (error) {
    await driver.close();
    return refuse(
      `cannot read ${neo4jUrl}: ${(error as Error).message} (TRACEY_NEO4J_URL, TRACEY_NEO4J_PASSWORD)`,
    );
  }
  if (existing > 0 && env['TRACEY_BENCH_WIPE'] !== '1') {
    await driver.close();
    return refuse(
      `${neo4jUrl} holds ${existing} nodes; the bench deletes them: set TRACEY_BENCH_WIPE=1 to allow it, or point TRACEY_NEO4J_URL at an empty database`,
    );
  }

  log(`generating ${count} ${protocol} events`);
  const messages = benchEvents().map((event) => {
    const encoded = encodeForPublish(pipelineProtocol, event);
    if (!encoded.ok) throw new Error(`generator made an invalid event: ${JSON.stringify(encoded.errors)}`);
    return encoded.message;
  });
  const links = messages.reduce(
    (sum, m) => sum + pipelineProtocol.links(JSON.parse(m.body) as PipelineEvent).length,
    0,
  );

  // Raw baseline: the worker's own rows and Cypher, straight from memory into a clean graph.
  const rows = messages.map((message) => benchEventRow(JSON.parse(message.body)));
  await emptyGraph(driver);
  const graph = new EventGraph(driver);
  await graph.ensureSchema();
  log(`raw batched write of ${rows.length} rows (batches of ${batchSize})`);
  const rawStart = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) await graph.writeEvents(rows.slice(i, i + batchSize));
  const rawSeconds = (performance.now() - rawStart) / 1000;
  // The same without the history index (step 4 of a write): what the index costs.
  await emptyGraph(driver);
  await graph.ensureSchema();
  const unindexed = new EventGraph(driver, { historyIndex: false });
  log(`raw batched write without the history index`);
  const unindexedStart = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) await unindexed.writeEvents(rows.slice(i, i + batchSize));
  const unindexedSeconds = (performance.now() - unindexedStart) / 1000;
  // The same without links derived from content (step 3): what derivation costs.
  await emptyGraph(driver);
  await graph.ensureSchema();
  const underived = new EventGraph(driver, { derivedLinks: false });
  log(`raw batched write without derived links`);
  const underivedStart = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) await underived.writeEvents(rows.slice(i, i + batchSize));
  const underivedSeconds = (performance.now() - underivedStart) / 1000;
  rows.length = 0;

  // End to end: publish to RabbitMQ, one tracey-aggregator process writes.
  await emptyGraph(driver);
  await graph.ensureSchema();
  const suffix = `${process.pid}.${randomUUID().slice(0, 8)}`;
  const names = {
    exchange: `tracey-bench.${suffix}`,
    queue: `tracey-bench.queue.${suffix}`,
    dead: `tracey-bench.dead.${suffix}`,
  };
  const port = await freePort();
  const worker = spawn(process.execPath, [mainJs], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: env['PATH'] ?? '',
      TRACEY_AMQP_URL: amqpUrl,
      TRACEY_NEO4J_URL: neo4jUrl,
      TRACEY_NEO4J_USER: neo4jUser,
      TRACEY_NEO4J_PASSWORD: neo4jPassword,
      TRACEY_EXCHANGE: names.exchange,
      TRACEY_QUEUE: names.queue,
      TRACEY_DEAD_LETTER_QUEUE: names.dead,
      TRACEY_AGGREGATOR_PORT: String(port),
      TRACEY_BATCH_SIZE: String(batchSize),
      ...(env['TRACEY_PREFETCH'] === undefined ? {} : { TRACEY_PREFETCH: env['TRACEY_PREFETCH'] }),
      ...(env['TRACEY_WRITE_CONCURRENCY'] === undefined
        ? {}
        : { TRACEY_WRITE_CONCURRENCY: env['TRACEY_WRITE_CONCURRENCY'] }),
      TRACEY_LOG_LEVEL: 'warn',
    },
  });
  const metrics = () => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
  const connection = await connect(amqpUrl);
  try {
    for (;;) {
      if (worker.exitCode !== null) throw new Error(`worker exited with ${String(worker.exitCode)}`);
      if (
        await fetch(`http://127.0.0.1:${port}/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const pid = worker.pid ?? 0;
    const channel = await connection.createConfirmChannel();
    log(`publishing ${messages.length} events to ${names.exchange}`);
    const start = Date.now();
    for (const [index, message] of messages.entries()) {
      const ok = channel.publish(names.exchange, message.routingKey, Buffer.from(message.body), {
        contentType: message.contentType,
        messageId: message.messageId,
        persistent: true,
        headers: { timestamp_in_ms: Date.now() },
      });
      if (!ok) await new Promise((resolve) => channel.once('drain', resolve));
      if (index % 5000 === 4999) await channel.waitForConfirms();
      if (rate > 0 && index % 50 === 49) {
        const ahead = start + ((index + 1) / rate) * 1000 - Date.now();
        if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
      }
    }
    await channel.waitForConfirms();
    const publishSeconds = (Date.now() - start) / 1000;
    let rss = 0;
    let written = 0;
    while (written < messages.length) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rss = Math.max(rss, procStatus(pid, 'VmRSS'));
      written = metricValue(await metrics(), 'tracey_aggregator_events_written_total');
      if (worker.exitCode !== null) throw new Error(`worker exited with ${String(worker.exitCode)}`);
    }
    const endSeconds = (Date.now() - start) / 1000;
    const text = await metrics();
    const peakRss = procStatus(pid, 'VmHWM');
    const workerCpu = cpuSeconds(pid);
    worker.kill('SIGTERM');
    await new Promise((resolve) => worker.once('exit', resolve));
    const cleanup = await connection.createChannel();
    const dead = (await cleanup.checkQueue(names.dead)).messageCount;
    await cleanup.deleteQueue(names.queue);
    await cleanup.deleteQueue(names.dead);
    await cleanup.deleteExchange(names.exchange);

    const e2eRate = messages.length / endSeconds;
    const rawRate = messages.length / rawSeconds;
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
    const p = (q: number) =>
      `${Math.round(histogramQuantile(text, 'tracey_aggregator_ingest_latency_seconds', q) * 1000)} ms`;
    const summary = {
      events: messages.length,
      linksPerEvent: Number((links / messages.length).toFixed(2)),
      endToEndEventsPerSecond: Math.round(e2eRate),
      publishEventsPerSecond: Math.round(messages.length / publishSeconds),
      latencyP50: p(0.5),
      latencyP99: p(0.99),
      workerRss: mb(rss),
      workerPeakRss: mb(peakRss),
      workerCpuMsPer1000Events: Math.round((workerCpu * 1000 * 1000) / messages.length),
      rawEventsPerSecond: Math.round(rawRate),
      ratioToRaw: Number((e2eRate / rawRate).toFixed(2)),
      rawWithoutIndexEventsPerSecond: Math.round(messages.length / unindexedSeconds),
      historyIndexCost: Number((rawSeconds / unindexedSeconds).toFixed(2)),
      rawWithoutDerivedLinksEventsPerSecond: Math.round(messages.length / underivedSeconds),
      derivedLinksCost: Number((rawSeconds / underivedSeconds).toFixed(2)),
      retries: metricValue(text, 'tracey_aggregator_write_retries_total'),
      deadLettered: dead,
    };
    console.log(
      [
        `events                      ${summary.events} (${summary.linksPerEvent} links/event)${rate > 0 ? `, published at ${rate}/s` : ''}`,
        `end to end                  ${summary.endToEndEventsPerSecond} events/s (publish ${summary.publishEventsPerSecond} events/s)`,
        `publish-to-stored latency   p50 ${summary.latencyP50}, p99 ${summary.latencyP99}`,
        `worker RSS                  ${summary.workerRss} (peak ${summary.workerPeakRss})`,
        `worker CPU                  ${summary.workerCpuMsPer1000Events} ms per 1,000 events`,
        `raw batched Neo4j write     ${summary.rawEventsPerSecond} events/s`,
        `ratio end to end / raw      ${summary.ratioToRaw}`,
        `raw without history index   ${summary.rawWithoutIndexEventsPerSecond} events/s (raw time ratio with / without ${summary.historyIndexCost})`,
        `raw without derived links   ${summary.rawWithoutDerivedLinksEventsPerSecond} events/s (raw time ratio with / without ${summary.derivedLinksCost})`,
        `retries, dead-lettered      ${summary.retries}, ${summary.deadLettered}`,
      ].join('\n'),
    );
    console.log(JSON.stringify(summary));
    if (dead > 0) process.exitCode = 1;
  } finally {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await connection.close();
    await driver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
