import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '@tracey/http-kit/testing';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  resetTestGraph,
  testServices,
  type TestTopology,
  uniqueName,
  useTimedTestLock,
} from '@tracey/testing';
import {
  buildAggregator,
  drain,
  readyMessages,
  startIngestRig,
  storedEventCount,
  waitUntil,
  WorkerProcess,
} from '@tracey/aggregator/testing';
import { peakRss, percentile, publishBody, sizedEvent } from './support/large-events.js';

const MiB = 1024 * 1024;
const LARGE = 120;
/** "8 MB": with its envelope, just under TRACEY_MAX_EVENT_BYTES (8 MiB = 8,388,608 bytes). */
const LARGE_BYTES = 8_000_000;
const SMALL = 1_000;
const SMALL_P99_MS = 5_000;
const TOO_LARGE_BYTES = 50_000_000;
/** Small events published before and after the 50 MB one, one every PACE_MS. */
const AROUND = 150;
const PACE_MS = 10;
/**
 * "A batch" of delay: up to TRACEY_BATCH_MS (50 ms) to fill it and one commit of small events,
 * which took up to ~1 s on the shared 2-core test machine while large events were written.
 */
const ONE_BATCH_MS = 1_000;
/** The worker's documented memory budget with the defaults (docs/RELIABILITY.md#large-events-and-memory). */
const RSS_BUDGET = 320 * MiB + 3 * 64 * MiB;

type Step = { readonly kind: 'small' | 'large' | 'too-large'; readonly name: string };

// Issue 14 (Done when a-c): large events never hold up the small ones, an event over the maximum is
// dead-lettered whole without delaying the rest, and the worker stays within its memory budget.
// One worker process with the default settings, as deployed.
describe('tracey-aggregator under a burst of large events', () => {
  const services = testServices();
  let driver: Driver;
  let broker: AmqpTestBroker;
  let largeConnection: ChannelModel;
  let publisher: ConfirmChannel;
  let largePublisher: ConfirmChannel;
  let topology: TestTopology;
  let worker: WorkerProcess | undefined;
  const largeIds: string[] = [];
  // Its latencies are the worker's only while no other suite's timed tests load the machine.
  useTimedTestLock();

  beforeAll(async () => {
    buildAggregator();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    broker = await AmqpTestBroker.connect(services.amqpUrl);
    topology = await declareTestTopology(broker, 'agg-burst');
    publisher = await broker.connection.createConfirmChannel();
    // Large events come from a producer of their own, as in production.
    largeConnection = await connect(services.amqpUrl);
    largePublisher = await largeConnection.createConfirmChannel();
  }, 180_000);

  afterAll(async () => {
    if (worker !== undefined) await worker.kill('SIGTERM');
    await deleteLargeEvents();
    await largeConnection.close();
    await publisher.close();
    await broker.cleanup();
    await driver.close();
  });

  // One event per transaction: Neo4j needs transaction memory of a few times a node's bytes to
  // delete it, so the harness's reset (10,000 nodes a transaction) cannot clear 120 of them.
  async function deleteLargeEvents(): Promise<void> {
    const session = driver.session();
    try {
      await session.run(
        'UNWIND $ids AS id CALL (id) { MATCH (n:Event {id: id}) DETACH DELETE n } IN TRANSACTIONS OF 1 ROW',
        { ids: largeIds.splice(0) },
      );
    } finally {
      await session.close();
    }
  }

  async function startWorker(): Promise<{ worker: WorkerProcess; pid: number }> {
    worker = await WorkerProcess.start(services, topology);
    return { worker, pid: worker.child.pid as number };
  }

  // SIGTERM: exits with 0 and leaves no spool behind.
  async function stopWorker(pid: number): Promise<void> {
    expect(await worker?.kill('SIGTERM')).toBe(0);
    worker = undefined;
    expect(existsSync(join(tmpdir(), `tracey-aggregator-${pid}`))).toBe(false);
  }

  /**
   * Publishes `steps` in order while polling Neo4j every 50 ms: small events on one channel, one
   * every `paceMs`; each large one from the other connection, the next step once the broker has
   * confirmed it (as a producer sends a report). Returns, for each small event, the time from its
   * publish to the first poll that found it stored; and each step's event id.
   */
  async function publishAndWatch(
    steps: readonly Step[],
    paceMs: number,
    timeoutMs: number,
  ): Promise<{ latencies: Map<string, number>; ids: Map<string, string>; largeConfirmMs: number[] }> {
    const started = Date.now();
    const ids = new Map<string, string>();
    const publishedAt = new Map<string, number>();
    const largeConfirmMs: number[] = [];
    let published = false;
    const publishing = (async () => {
      for (const step of steps) {
        const bytes = step.kind === 'small' ? 0 : step.kind === 'large' ? LARGE_BYTES : TOO_LARGE_BYTES;
        const event = sizedEvent(bytes, step.name);
        ids.set(step.name, event.id);
        if (step.kind === 'small') {
          publishedAt.set(event.id, await publishBody(publisher, topology.exchange, event));
          if (paceMs > 0) await sleep(paceMs);
        } else {
          if (step.kind === 'large') largeIds.push(event.id);
          const at = await publishBody(largePublisher, topology.exchange, event);
          await largePublisher.waitForConfirms();
          largeConfirmMs.push(Date.now() - at);
        }
      }
      await publisher.waitForConfirms();
      published = true;
    })();
    const latencies = new Map<string, number>();
    while (!(published && latencies.size === publishedAt.size) && Date.now() < started + timeoutMs) {
      const pending = [...publishedAt.keys()].filter((id) => !latencies.has(id));
      if (pending.length > 0) {
        const { records } = await driver.executeQuery(
          'UNWIND $ids AS id MATCH (n:Event {id: id}) WHERE n.hash IS NOT NULL RETURN n.id AS id',
          { ids: pending },
          { routing: 'READ' },
        );
        const now = Date.now();
        for (const record of records) {
          const id = record.get('id') as string;
          latencies.set(id, now - (publishedAt.get(id) as number));
        }
      }
      await sleep(50);
    }
    await publishing;
    return { latencies, ids, largeConfirmMs };
  }

  it(`stores ${LARGE} events of 8 MB among ${SMALL} small ones, the small ones' p99 under 5 s, within the memory budget`, async () => {
    const { worker, pid } = await startWorker();
    // Interleaved: a large event after every eighth or ninth small one.
    const steps: Step[] = [];
    const total = SMALL + LARGE;
    for (let i = 0; i < total; i++) {
      const large = Math.floor(((i + 1) * LARGE) / total) > Math.floor((i * LARGE) / total);
      steps.push({ kind: large ? 'large' : 'small', name: `burst-${i}` });
    }
    const started = Date.now();
    const { latencies, largeConfirmMs } = await publishAndWatch(steps, 0, 170_000);
    const smallDoneMs = Date.now() - started;
    expect(latencies.size).toBe(SMALL);
    await waitUntil('every event stored', async () => (await storedEventCount(driver)) === total, 170_000);
    const allStoredMs = Date.now() - started;
    const values = [...latencies.values()];
    const p99 = percentile(values, 99);
    const rss = peakRss(pid);
    const metrics = await worker.metrics();
    expect(metrics).toMatch(new RegExp(`tracey_aggregator_large_events_spooled_total ${LARGE}\\b`));
    expect(metrics).toMatch(/tracey_aggregator_events_written_total 1120\b/);
    expect(await drain(broker.channel, topology.deadLetterQueue)).toHaveLength(0);
    expect((await broker.channel.checkQueue(topology.queue)).messageCount).toBe(0);
    await stopWorker(pid);
    process.stderr.write(
      `[large-burst] ${JSON.stringify({
        large: LARGE,
        largeBytes: LARGE_BYTES,
        small: SMALL,
        largeConfirmP50Ms: percentile(largeConfirmMs, 50),
        smallDoneMs,
        allStoredMs,
        smallP50Ms: percentile(values, 50),
        smallP99Ms: p99,
        smallMaxMs: Math.max(...values),
        peakRssMiB: Math.round(rss / MiB),
        budgetMiB: RSS_BUDGET / MiB,
        pauses: Number(/tracey_aggregator_consumer_pauses_total (\d+)/.exec(metrics)?.[1]),
      })}\n`,
    );
    expect(p99).toBeLessThan(SMALL_P99_MS);
    expect(rss).toBeLessThanOrEqual(RSS_BUDGET);
  }, 360_000);

  /**
   * How long this broker takes to deliver a message of `bytes` from a quorum queue to a consumer
   * (from the consume call to the message), measured on a scratch queue.
   */
  async function brokerDeliveryMs(bytes: number): Promise<number> {
    const queue = uniqueName('agg-burst-scratch');
    broker.track('queue', queue);
    await largePublisher.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    largePublisher.sendToQueue(queue, Buffer.alloc(bytes, 'r'), { persistent: true });
    await largePublisher.waitForConfirms();
    const channel = await largeConnection.createChannel();
    const started = Date.now();
    await new Promise<void>((resolve) => {
      void channel.consume(queue, () => resolve(), { noAck: true });
    });
    const deliveryMs = Date.now() - started;
    await channel.close();
    return deliveryMs;
  }

  it('dead-letters one 50 MB event whole, and the small events after it wait no more than the broker delivering it and a batch', async () => {
    await deleteLargeEvents();
    await resetTestGraph(driver);
    const brokerBeforeMs = await brokerDeliveryMs(TOO_LARGE_BYTES);
    const { pid } = await startWorker();
    const small = (prefix: string): Step[] =>
      Array.from({ length: AROUND }, (_, i) => ({ kind: 'small', name: `${prefix}-${i}` }));
    // The same stream twice: without the large event, then with it in the middle.
    const baseline = await publishAndWatch([...small('base-a'), ...small('base-b')], PACE_MS, 60_000);
    const withLarge = await publishAndWatch(
      [...small('with-a'), { kind: 'too-large', name: 'too-large' }, ...small('with-b')],
      PACE_MS,
      60_000,
    );
    const after = (run: typeof baseline, prefix: string): number[] =>
      [...run.ids]
        .filter(([name]) => name.startsWith(prefix))
        .map(([, id]) => run.latencies.get(id) ?? Number.POSITIVE_INFINITY);
    const baseAfter = after(baseline, 'base-b');
    const withAfter = after(withLarge, 'with-b');
    const letters: Awaited<ReturnType<typeof drain>> = [];
    await waitUntil('the dead letter', async () => {
      letters.push(...(await drain(broker.channel, topology.deadLetterQueue)));
      return letters.length > 0;
    });
    const rss = peakRss(pid);
    await stopWorker(pid);
    // The broker's speed during the run, bracketed by a measurement before and one after it.
    const brokerMs = Math.max(brokerBeforeMs, await brokerDeliveryMs(TOO_LARGE_BYTES));
    // The broker delivers in order: the small events after the large one reach the worker only once
    // the broker has delivered the 50 MB to it (brokerMs, measured above). The worker itself (the
    // dead-letter copy, the next batch) may add a batch, no more. (Until 2026-12-02 it paused until
    // the broker had confirmed the dead-letter copy: about as long again as the delivery.)
    // "A batch": the longest a small event took to be stored in the same stream without the large
    // one (at least ONE_BATCH_MS), so a loaded machine's slower commits are not blamed on the event.
    // The broker's delivery is measured alone; during the run it shares the machine with the stream
    // (CI once took 163 ms more than one delivery and a batch): twice the measured delivery.
    const batchMs = Math.max(ONE_BATCH_MS, ...baseAfter);
    const limitMs = percentile(baseAfter, 99) + 2 * brokerMs + batchMs;
    process.stderr.write(
      `[too-large] ${JSON.stringify({
        bytes: TOO_LARGE_BYTES,
        brokerConfirmMs: withLarge.largeConfirmMs[0],
        brokerDeliveryMs: brokerMs,
        baseP50Ms: percentile(baseAfter, 50),
        baseP99Ms: percentile(baseAfter, 99),
        afterP50Ms: percentile(withAfter, 50),
        afterP99Ms: percentile(withAfter, 99),
        afterMaxMs: Math.max(...withAfter),
        batchMs,
        limitMs,
        peakRssMiB: Math.round(rss / MiB),
      })}\n`,
    );
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    const body = letter?.content.toString('utf8') ?? '';
    expect(letter?.properties.messageId).toBe(withLarge.ids.get('too-large'));
    expect(letter?.properties.headers?.['x-tracey-reason']).toBe('event-too-large');
    expect(JSON.parse(String(letter?.properties.headers?.['x-tracey-details']))).toMatchObject({
      bytes: Buffer.byteLength(body),
      maxEventBytes: 8 * MiB,
    });
    expect(Buffer.byteLength(body)).toBeGreaterThan(TOO_LARGE_BYTES);
    expect((JSON.parse(body) as { meta: { id: string } }).meta.id).toBe(withLarge.ids.get('too-large'));
    expect(await storedEventCount(driver)).toBe(4 * AROUND);
    expect(Math.max(...withAfter)).toBeLessThanOrEqual(limitMs);
    expect(rss).toBeLessThanOrEqual(RSS_BUDGET);
  }, 180_000);

  it('writes large events from memory when the spool directory cannot be created', async () => {
    await deleteLargeEvents();
    // A spool directory below a regular file: it cannot be created.
    const scratch = mkdtempSync(join(tmpdir(), 'agg-burst-'));
    const file = join(scratch, 'not-a-directory');
    writeFileSync(file, '');
    const rig = await startIngestRig(services, 'agg-nospool', { spoolDir: join(file, 'spool') });
    try {
      const events = Array.from({ length: 40 }, (_, i) =>
        sizedEvent(i % 4 === 0 ? 2_000_000 : 0, `nospool-${i}`),
      );
      for (const event of events) {
        if (event.body.length > 1_000_000) largeIds.push(event.id);
        await publishBody(rig.publisher, rig.topology.exchange, event);
      }
      await rig.publisher.waitForConfirms();
      await waitUntil('every event stored', async () => (await storedEventCount(driver)) === events.length);
      expect(await metricValue(rig.worker.metrics.written)).toBe(events.length);
      expect(await metricValue(rig.worker.metrics.largeEventsSpooled)).toBe(0);
      expect(await readyMessages(rig.broker.channel, rig.topology.deadLetterQueue)).toBe(0);
    } finally {
      await rig.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
