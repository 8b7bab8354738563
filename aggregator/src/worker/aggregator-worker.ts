import { setImmediate as setImmediatePromise, setTimeout as sleep } from 'node:timers/promises';
import {
  AmqpConsumer,
  assertTopology,
  DEFAULT_DELIVERY_LIMIT,
  type AmqpSession,
  type AmqpTopology,
  type ConsumeMessage,
} from '@tracey/amqp';
import { retry, type Logger } from '@tracey/common';
import { BUILT_IN_MAPPERS, loadMappers } from '@tracey/mapping';
import type { Protocol } from '@tracey/schemas';
import type { EventRow } from '@tracey/graph';
import { pipelineGraphVocabulary, type GraphVocabulary } from '@tracey/graph';
import type { AggregatorMetrics } from '../ops/aggregator-metrics.js';
import { createAggregatorMetrics } from '../ops/aggregator-metrics.js';
import { BatchLane } from './batch-lane.js';
import { writeBatch, type EventWriter, type ItemResult, type RetryPolicy } from './batch-writer.js';
import { decodeDelivery, type DeliveryDecoder, type DeliveryResult } from './decode-delivery.js';
import { ACK, deadLetter, type Disposition } from './disposition.js';
import { LargeEventSpool, type SpoolEntry } from './large-event-spool.js';
import { WORKER_DEFAULTS } from './worker-defaults.js';

/** The graph operations a worker uses. */
export interface WorkerGraph extends EventWriter {
  ensureSchema(): Promise<void>;
  /** Warms Neo4j up for the writes (plans, first executions) before the first batch; stores nothing. */
  prepareWrites?(): Promise<void>;
}

export interface AggregatorWorkerOptions<E> {
  readonly amqpUrl: string;
  readonly exchange: string;
  readonly queue: string;
  readonly bindingKeys: readonly string[];
  readonly deadLetterQueue: string;
  /** Default {@link DEFAULT_DELIVERY_LIMIT}. */
  readonly deliveryLimit?: number;
  readonly prefetch: number;
  readonly batchSize: number;
  readonly batchMs: number;
  /** Most bytes of events in one transaction. Default {@link WORKER_DEFAULTS}.batchBytes. */
  readonly batchBytes?: number;
  /** Largest message stored; a larger one is dead-lettered `event-too-large`. */
  readonly maxEventBytes?: number;
  /**
   * Messages over this size are large: their bodies go to the spool on disk at once (the messages
   * stay unacknowledged) and are read back by a lane of their own, one batch at a time, so that
   * other events never wait behind them.
   */
  readonly largeEventBytes?: number;
  /**
   * Bytes of messages the worker holds in memory (received, not yet settled or spooled): when
   * they reach half of this, the worker stops taking messages until a quarter is left.
   */
  readonly inflightBytes?: number;
  /** Bytes of large bodies in the spool before the worker stops taking messages. */
  readonly largeSpoolBytes?: number;
  /** Spool directory, emptied on start; default one of its own in `<os.tmpdir()>/tracey-aggregator-<pid>`. */
  readonly spoolDir?: string;
  /** Failed attempts of a write before it is split in two; see {@link writeBatch}. */
  readonly retryLimit?: number;
  /**
   * Batches written at once, each in its own transaction. Default 1. Two keep Neo4j busy while
   * the worker settles one batch and fills the next; `prefetch` should cover them plus one.
   */
  readonly writeConcurrency?: number;
  readonly graph: WorkerGraph;
  readonly protocol: Protocol<E>;
  /**
   * YAML file of CloudEvents mappers (`TRACEY_MAPPERS_FILE`, docs/cdevents.md#mappers), read once
   * at start after the built-in ones; default: the built-in mappers alone.
   */
  readonly mappersFile?: string | undefined;
  /** Default: the Eiffel vocabulary. */
  readonly vocabulary?: GraphVocabulary;
  readonly logger: Logger;
  readonly metrics?: AggregatorMetrics;
  /** Backoff of Neo4j retries; default 100 ms doubling to 5 s. */
  readonly retry?: RetryPolicy;
  /** Backoff of RabbitMQ reconnects; default 200 ms doubling to 5 s. */
  readonly reconnect?: RetryPolicy;
  /**
   * On stop, how long writes already running may take before the connection is closed anyway
   * (their messages, unacknowledged, are redelivered). Backoff waits end at once. Default 3 s.
   */
  readonly stopTimeoutMs?: number;
}

interface Pending {
  readonly message: ConsumeMessage;
  readonly session: AmqpSession;
  readonly row: EventRow;
  readonly bytes: number;
  readonly receivedAt: number;
  /** Set when the message carries several events (a CloudEvents batch): settled once all are. */
  readonly group?: MessageGroup;
}

/** The events of one message, written apart: the message is settled by the last of them. */
interface MessageGroup {
  remaining: number;
  disposition: Disposition;
  settled: boolean;
}

// What a message becomes when its events fared differently: the worst of their outcomes.
const SEVERITY: Readonly<Record<Disposition['action'], number>> = { ack: 0, requeue: 1, 'dead-letter': 2 };

/** A large message whose body waits in the spool (or, when the disk failed it, in memory). */
interface Spooled {
  readonly message: ConsumeMessage;
  readonly session: AmqpSession;
  readonly entry: SpoolEntry | undefined;
  readonly bytes: number;
  readonly receivedAt: number;
}

/**
 * A message received and not yet settled. `memoryBytes` counts against the in-flight budget while
 * its body is in memory (a large one's until it is spooled); `copyBytes` is the size of a
 * dead-letter copy of an event over the maximum, awaiting the broker's confirm.
 */
interface Held {
  readonly bytes: number;
  readonly session: AmqpSession;
  readonly receivedAt: number;
  memoryBytes: number;
  copyBytes: number;
  entry: SpoolEntry | undefined;
}

/** Why the worker is not ready, or `undefined` when it is. */
export type NotReadyReason = 'stopping' | 'graph-unavailable' | 'broker-unavailable' | 'stuck' | undefined;

/**
 * A stateless aggregator worker: consumes the quorum queue, validates each message, writes
 * batches of up to `batchSize` events, `batchBytes` bytes or `batchMs` ms in one transaction, and
 * settles each message after the commit: ack, dead-letter with the reason, or (on stop) requeue.
 * Large events wait on disk and are written by a lane of their own; the bytes held in memory are
 * bounded by `inflightBytes`, those on disk by `largeSpoolBytes`.
 */
export class AggregatorWorker<E> {
  readonly metrics: AggregatorMetrics;
  private readonly logger: Logger;
  private readonly topology: AmqpTopology;
  private readonly vocabulary: GraphVocabulary;
  private decoder: DeliveryDecoder<E>;
  private readonly limits: typeof WORKER_DEFAULTS;
  private readonly lane: BatchLane<Pending>;
  private readonly largeLane: BatchLane<Spooled>;
  private readonly held = new Map<ConsumeMessage, Held>();
  private heldBytes = 0;
  // Bodies in memory, waiting to be written or spooled: what pausing the consumer bounds.
  private memoryBytes = 0;
  // Dead-letter copies of events over the maximum, awaiting the broker's confirm.
  private copies = 0;
  private copyBytes = 0;
  private spool: LargeEventSpool | undefined;
  private readonly settling = new Set<Promise<void>>();
  private readonly retryAbort = new AbortController();
  private readonly consumer: AmqpConsumer;
  private graphHealthy = false;
  /** Set when a write failed: the database that answers next may be a new one (see `writer`). */
  private schemaCheckDue = false;
  private stuckWrites = 0;
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: AggregatorWorkerOptions<E>) {
    this.metrics = options.metrics ?? createAggregatorMetrics();
    this.logger = options.logger.child({ component: 'aggregator-worker' });
    this.vocabulary = options.vocabulary ?? pipelineGraphVocabulary;
    this.decoder = { protocol: options.protocol, vocabulary: this.vocabulary, mappers: BUILT_IN_MAPPERS };
    this.limits = {
      batchBytes: options.batchBytes ?? WORKER_DEFAULTS.batchBytes,
      maxEventBytes: options.maxEventBytes ?? WORKER_DEFAULTS.maxEventBytes,
      largeEventBytes: options.largeEventBytes ?? WORKER_DEFAULTS.largeEventBytes,
      inflightBytes: options.inflightBytes ?? WORKER_DEFAULTS.inflightBytes,
      largeSpoolBytes: options.largeSpoolBytes ?? WORKER_DEFAULTS.largeSpoolBytes,
      retryLimit: options.retryLimit ?? WORKER_DEFAULTS.retryLimit,
    };
    this.topology = {
      exchange: options.exchange,
      queue: options.queue,
      bindingKeys: options.bindingKeys,
      deadLetterQueue: options.deadLetterQueue,
      deliveryLimit: options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT,
    };
    this.consumer = new AmqpConsumer({
      url: options.amqpUrl,
      declare: (channel) => assertTopology(channel, this.topology),
      deadLetterQueue: this.topology.deadLetterQueue,
      prefetch: options.prefetch,
      reconnect: options.reconnect ?? { initialDelayMs: 200, maxDelayMs: 5_000 },
      logger: this.logger,
      onMessage: (message, session) => this.receive(message, session),
      onConnected: () => this.logger.info({ queue: this.topology.queue }, 'consuming'),
      onLost: (session) => this.forget(session),
    });
    const lane = {
      batchSize: options.batchSize,
      batchBytes: this.limits.batchBytes,
      batchMs: options.batchMs,
    };
    this.lane = new BatchLane<Pending>({
      ...lane,
      concurrency: options.writeConcurrency ?? 1,
      write: (batch) => this.writeOrRequeue(batch),
      live: (item) => item.session.isOpen,
    });
    // Large events one at a time, each in its own transaction: what of them is in memory (the body,
    // its text, the parsed event, its canonical JSON, the driver's copy) is one event's.
    this.largeLane = new BatchLane<Spooled>({
      ...lane,
      batchSize: 1,
      concurrency: 1,
      write: (batch) => this.writeSpooled(batch),
      live: (item) => item.session.isOpen,
    });
  }

  /** True while consuming with a working graph and no write stuck: the `/ready` probe. */
  get ready(): boolean {
    return this.notReadyReason === undefined;
  }

  /** Why `/ready` says no; `undefined` when ready. */
  get notReadyReason(): NotReadyReason {
    if (this.stopping) return 'stopping';
    if (this.consumer.session?.isOpen !== true) return 'broker-unavailable';
    if (this.stuckWrites > 0) return 'stuck';
    if (!this.graphHealthy) return 'graph-unavailable';
    return undefined;
  }

  /** Bytes of messages received and not yet settled, spooled ones included. */
  get heldMessageBytes(): number {
    return this.heldBytes;
  }

  /** Bytes of large bodies in the spool. */
  get spooledBytes(): number {
    return this.spool?.bytes ?? 0;
  }

  /** Age in ms of the oldest message received and not yet settled; 0 when none. */
  oldestHeldAgeMs(now = Date.now()): number {
    const oldest = this.held.values().next().value;
    return oldest === undefined ? 0 : now - oldest.receivedAt;
  }

  /**
   * Sets up the graph schema (retrying until Neo4j answers), then consumes, reconnecting to
   * RabbitMQ whenever the connection is lost. Resolves once the first consumer runs.
   */
  async start(): Promise<void> {
    // A bad mappers file stops the start, naming the field: better than dead-lettering what it maps.
    this.decoder = { ...this.decoder, mappers: await loadMappers(this.options.mappersFile) };
    await retry(() => this.options.graph.ensureSchema(), {
      policy: this.options.retry ?? { initialDelayMs: 200, maxDelayMs: 5_000 },
      signal: this.retryAbort.signal,
      onRetry: (error, attempt, delayMs) =>
        this.logger.warn({ err: error, attempt, delayMs }, 'graph schema setup failed; retrying'),
    });
    this.graphHealthy = true;
    // Before the first delivery: the first batch on a Neo4j just started took 5.9 s without it.
    // Only an optimization: a failure is logged, and the first batch pays instead.
    const warmUp = performance.now();
    await this.options.graph.prepareWrites?.().then(
      () => this.logger.info({ ms: Math.round(performance.now() - warmUp) }, 'graph writes prepared'),
      (error: unknown) => this.logger.warn({ err: error }, 'cannot prepare the graph writes; going on'),
    );
    this.spool = await LargeEventSpool.open(this.options.spoolDir).catch((error: unknown) => {
      // E.g. a read-only file system: large events are then kept in memory, one at a time.
      this.logger.error({ err: error }, 'cannot open the spool; large events are kept in memory');
      return undefined;
    });
    this.loops = [this.lane.run(), this.largeLane.run()];
    // It gives up only when stopped before it could consume.
    await this.consumer.start().catch((error: unknown) => {
      if (!this.stopping) throw error;
    });
  }

  /**
   * Stops consuming, ends backoff waits at once, writes what was received (one attempt each) and
   * settles it, then closes the connection. Writes still running after `stopTimeoutMs` are left:
   * their messages, unacknowledged, come back when the connection closes.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.info(
      { buffered: this.lane.buffered + this.largeLane.buffered },
      'stopping: no new messages, finishing what was received',
    );
    this.retryAbort.abort();
    await this.consumer.cancel().catch(() => undefined);
    this.lane.close();
    this.largeLane.close();
    const finished = Promise.all([...this.loops, Promise.all(this.settling)]).then(() => true);
    const timeoutMs = this.options.stopTimeoutMs ?? 3_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    if (!(await Promise.race([finished, timedOut]))) {
      this.logger.warn(
        { timeoutMs, heldMessages: this.held.size },
        'writes still running at stop; closing, their messages are redelivered',
      );
    }
    clearTimeout(timer);
    await this.consumer.close();
    await this.spool?.close();
    this.logger.info('stopped');
  }

  // The messages of a closed connection go back to the queue by themselves: no longer held.
  private forget(session: AmqpSession | undefined): void {
    for (const [message, held] of this.held) if (held.session === session) this.release(message);
  }

  private hold(message: ConsumeMessage, session: AmqpSession): Held {
    const bytes = message.content.length;
    const tooLarge = bytes > this.limits.maxEventBytes;
    const held: Held = {
      bytes,
      session,
      receivedAt: Date.now(),
      memoryBytes: tooLarge ? 0 : bytes,
      copyBytes: tooLarge ? bytes : 0,
      entry: undefined,
    };
    this.held.set(message, held);
    this.heldBytes += bytes;
    this.memoryBytes += held.memoryBytes;
    this.copies += tooLarge ? 1 : 0;
    this.copyBytes += held.copyBytes;
    this.pauseIfOverBudget(session);
    return held;
  }

  private release(message: ConsumeMessage): void {
    const held = this.held.get(message);
    if (held === undefined) return;
    this.held.delete(message);
    this.heldBytes -= held.bytes;
    this.memoryBytes -= held.memoryBytes;
    this.copies -= held.copyBytes > 0 ? 1 : 0;
    this.copyBytes -= held.copyBytes;
    if (held.entry !== undefined) void this.spool?.remove(held.entry);
    this.resumeIfUnderBudget(held.session);
  }

  /**
   * Stops taking messages while the worker holds too much: half of `inflightBytes` of bodies in
   * memory, a full spool, or more than one dead-letter copy in flight and together over half of
   * `inflightBytes` (one copy is always let through, however large, like one event in a batch).
   */
  private pauseIfOverBudget(session: AmqpSession): void {
    if (session.isPaused || this.stopping) return;
    const half = this.limits.inflightBytes / 2;
    const over =
      this.memoryBytes >= half ||
      this.spooledBytes >= this.limits.largeSpoolBytes ||
      (this.copies > 1 && this.copyBytes >= half);
    if (!over) return;
    this.metrics.consumerPauses.inc();
    this.logger.debug(
      { memoryBytes: this.memoryBytes, spooledBytes: this.spooledBytes, copyBytes: this.copyBytes },
      'holding the byte budget; pausing the consumer',
    );
    void session.pause();
  }

  // Resumes with room to spare (a quarter of inflightBytes, three quarters of the spool), so that
  // the consumer does not flap.
  private resumeIfUnderBudget(session: AmqpSession): void {
    if (!session.isPaused || !session.isOpen || this.stopping) return;
    if (
      this.memoryBytes <= this.limits.inflightBytes / 4 &&
      this.spooledBytes <= (this.limits.largeSpoolBytes * 3) / 4 &&
      this.copies <= 1
    )
      void session.resume();
  }

  private receive(message: ConsumeMessage, session: AmqpSession): void {
    this.metrics.consumed.inc();
    const held = this.hold(message, session);
    try {
      this.accept(message, session, held);
    } catch (error) {
      // A bug met by this message: back to the queue, whose delivery limit bounds the loop.
      this.logger.error({ err: error }, 'unexpected error handling a message; requeueing it');
      session.requeue(message);
      this.release(message);
    }
  }

  private accept(message: ConsumeMessage, session: AmqpSession, held: Held): void {
    const bytes = message.content.length;
    if (bytes > this.limits.maxEventBytes) {
      // Not even parsed: its size alone decides. The copy takes the body whole; once handed to the
      // connection, the worker's own reference is dropped.
      const messageId = message.properties.messageId as string | undefined;
      this.settle(message, session, tooLarge(bytes, this.limits.maxEventBytes, messageId), messageId);
      dropBody(message);
      return;
    }
    if (bytes > this.limits.largeEventBytes) {
      this.spoolLarge(message, session, held);
      return;
    }
    const decoded = this.decode(message, message.content);
    for (const item of this.pendingOf(decoded, message, session, bytes, held.receivedAt))
      this.lane.push(item);
  }

  private decode(message: ConsumeMessage, content: Buffer): DeliveryResult {
    return decodeDelivery(this.decoder, {
      content,
      contentType: message.properties.contentType as string | undefined,
      contentEncoding: message.properties.contentEncoding as string | undefined,
      headers: message.properties.headers,
    });
  }

  /**
   * The writes a decoded message asks for: none when it was settled here (dead-lettered, or a
   * CloudEvent mapped to no event, acked), one per event else; the events of one message share a
   * group that settles it once all are written.
   */
  private pendingOf(
    decoded: DeliveryResult,
    message: ConsumeMessage,
    session: AmqpSession,
    bytes: number,
    receivedAt: number,
  ): Pending[] {
    if (!decoded.ok) {
      this.settle(message, session, decoded.disposition, decoded.eventId);
      return [];
    }
    const { rows, notes } = decoded;
    if (notes.length > 0 && this.logger.isLevelEnabled('debug'))
      this.logger.debug({ notes, events: rows.length }, 'CloudEvents mapped to no event');
    if (rows.length === 0) {
      this.settle(message, session, ACK, undefined);
      return [];
    }
    const group: MessageGroup | undefined =
      rows.length > 1 ? { remaining: rows.length, disposition: ACK, settled: false } : undefined;
    // The message's bytes shared among its events, for the batch byte budget.
    const share = Math.ceil(bytes / rows.length);
    return rows.map((row) => ({
      message,
      session,
      row,
      bytes: share,
      receivedAt,
      ...(group === undefined ? {} : { group }),
    }));
  }

  // A large body goes to disk at once and out of memory; the message stays unacked until written.
  private spoolLarge(message: ConsumeMessage, session: AmqpSession, held: Held): void {
    const inMemory = (): void =>
      this.largeLane.push({
        message,
        session,
        entry: undefined,
        bytes: held.bytes,
        receivedAt: held.receivedAt,
      });
    const spool = this.spool;
    if (spool === undefined) {
      // No spool: written from memory, one at a time, counted against the in-memory budget.
      inMemory();
      return;
    }
    this.metrics.largeEventsSpooled.inc();
    const writing = spool.write(message.content);
    this.pauseIfOverBudget(session);
    writing.then(
      (entry) => {
        if (this.held.get(message) !== held) {
          // Released meanwhile (its connection is gone): the broker redelivers it.
          void spool.remove(entry);
          return;
        }
        held.entry = entry;
        this.memoryBytes -= held.memoryBytes;
        held.memoryBytes = 0;
        dropBody(message);
        this.resumeIfUnderBudget(session);
        this.largeLane.push({ message, session, entry, bytes: held.bytes, receivedAt: held.receivedAt });
      },
      (error: unknown) => {
        if (this.held.get(message) !== held) return;
        // A disk fault (full, read-only): kept in memory instead. Requeueing would only spend
        // deliveries.
        this.logger.error({ err: error }, 'cannot spool a large event; keeping it in memory');
        inMemory();
      },
    );
  }

  // Reads a batch of large bodies back, decodes them and writes them like any batch.
  private async writeSpooled(batch: Spooled[]): Promise<void> {
    const pending: Pending[] = [];
    for (const item of batch) {
      const { message, session } = item;
      let content = message.content;
      try {
        if (item.entry !== undefined) content = await (this.spool as LargeEventSpool).read(item.entry);
      } catch (error) {
        // Only when its connection went away meanwhile (the spool drops its files), or a disk fault.
        if (session.isOpen) this.logger.error({ err: error }, 'cannot read a spooled event; requeueing it');
        session.requeue(message);
        this.release(message);
        continue;
      }
      // Back in the message, so that a dead letter carries the body whole.
      (message as { content: Buffer }).content = content;
      const decoded = this.decode(message, content);
      pending.push(...this.pendingOf(decoded, message, session, item.bytes, item.receivedAt));
      // Decoding a large event takes the thread for a while (parse, hash): let deliveries and the
      // other lane's commits through before it is written.
      await setImmediatePromise();
    }
    if (pending.length > 0) await this.writeOrRequeue(pending);
    for (const item of batch) dropBody(item.message);
  }

  private async writeOrRequeue(batch: Pending[]): Promise<void> {
    try {
      await this.writeAndSettle(batch);
    } catch (error) {
      // A bug, not a database condition (those are retried inside): requeue and carry on.
      this.logger.error(
        { err: error, batch: batch.length },
        'unexpected error writing a batch; requeueing it',
      );
      // Once per message: the events of a group may share this batch, or wait in another.
      for (const item of batch) {
        if (item.group?.settled === true || !this.held.has(item.message)) continue;
        if (item.group !== undefined) item.group.settled = true;
        item.session.requeue(item.message);
        this.release(item.message);
      }
      await sleep(1_000);
    }
  }

  /**
   * The graph's writes, with the schema set up again after a failed write: Neo4j may come back as
   * a new database (restored from a backup, a container without its volume), and without the
   * uniqueness constraint concurrent writers store an id twice. `ensureSchema` is idempotent.
   */
  private readonly writer: EventWriter = {
    writeEvents: async (rows) => {
      if (this.schemaCheckDue) {
        await this.options.graph.ensureSchema();
        this.schemaCheckDue = false;
      }
      return this.options.graph.writeEvents(rows);
    },
  };

  private async writeAndSettle(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const bytes = batch.reduce((sum, item) => sum + item.bytes, 0);
    const results = await writeBatch(
      batch.map((item) => item.row),
      {
        writer: this.writer,
        retry: this.options.retry ?? { initialDelayMs: 100, maxDelayMs: 5_000 },
        retryLimit: this.limits.retryLimit,
        signal: this.retryAbort.signal,
        onRetry: (error, attempt, delayMs) => {
          this.graphHealthy = false;
          this.schemaCheckDue = true;
          this.metrics.retries.inc();
          this.logger.warn(
            { err: error, code: error.code, attempt, delayMs, batch: batch.length, bytes },
            'batch write failed; retrying',
          );
        },
        onSplit: (reason, rows) => {
          this.metrics.splits.inc({ reason });
          this.logger.warn({ reason, rows }, 'splitting a write in two');
        },
        onStuck: (stuck) => {
          this.stuckWrites += stuck ? 1 : -1;
          this.metrics.stuckWrites.set(this.stuckWrites);
          if (stuck) {
            this.logger.error(
              { retryLimit: this.limits.retryLimit, batch: batch.length },
              'a write keeps failing and cannot be split further; retrying, not ready meanwhile',
            );
          }
        },
      },
    );
    const committedAt = Date.now();
    if (results.some((result) => result.status !== 'requeued')) this.graphHealthy = true;
    this.metrics.batchSize.observe(batch.length);
    this.metrics.batchSeconds.observe((performance.now() - started) / 1000);
    batch.forEach((item, index) => this.record(item, results[index], committedAt));
    this.logger.debug({ batch: batch.length, ms: Math.round(performance.now() - started) }, 'batch written');
  }

  private record(item: Pending, result: ItemResult | undefined, committedAt: number): void {
    if (result === undefined) return;
    if (result.status === 'stored') this.metrics.written.inc();
    if (result.status === 'duplicate') this.metrics.duplicates.inc();
    if (result.status === 'stored' || result.status === 'duplicate') {
      const published = publishedAt(item.message);
      if (published !== undefined)
        this.metrics.ingestSeconds.observe(Math.max(0, committedAt - published) / 1000);
      if (this.logger.isLevelEnabled('debug'))
        this.logger.debug({ eventId: item.row.id, status: result.status }, 'event written');
    }
    const { group } = item;
    if (group === undefined) {
      this.settle(item.message, item.session, result.disposition, item.row.id);
      return;
    }
    if (group.settled) return;
    if (SEVERITY[result.disposition.action] > SEVERITY[group.disposition.action])
      group.disposition = result.disposition;
    group.remaining -= 1;
    if (group.remaining > 0) return;
    group.settled = true;
    this.settle(item.message, item.session, group.disposition, item.row.id);
  }

  private settle(
    message: ConsumeMessage,
    session: AmqpSession,
    disposition: Disposition,
    eventId: string | undefined,
  ): void {
    switch (disposition.action) {
      case 'ack':
        session.ack(message);
        this.release(message);
        return;
      case 'requeue':
        session.requeue(message);
        this.release(message);
        return;
      case 'dead-letter': {
        this.metrics.deadLettered.inc({ reason: disposition.reason });
        this.logger.warn(
          { eventId, reason: disposition.reason, details: disposition.details },
          'dead-lettering message',
        );
        this.track(
          session.deadLetter(message, disposition.reason, disposition.details),
          message,
          session,
          'dead-lettering failed',
        );
      }
    }
  }

  // A copy published with confirm before the original is acked: held until the broker answers.
  private track(
    publishing: Promise<void>,
    message: ConsumeMessage,
    session: AmqpSession,
    failure: string,
  ): void {
    const done = publishing
      .catch((error: unknown) => {
        // Left unacked: the broker redelivers it once this connection is gone.
        this.logger.error({ err: error }, `${failure}; closing the connection to get it redelivered`);
        return session.close(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => {
        this.release(message);
        this.settling.delete(done);
      });
    this.settling.add(done);
  }
}

const NO_BODY = Buffer.alloc(0);

// Lets the body be collected while the message (needed to settle it) is still referenced.
function dropBody(message: ConsumeMessage): void {
  (message as { content: Buffer }).content = NO_BODY;
}

function tooLarge(bytes: number, maxEventBytes: number, messageId: string | undefined): Disposition {
  return deadLetter('event-too-large', {
    ...(messageId === undefined ? {} : { messageId }),
    bytes,
    maxEventBytes,
  });
}

// Publish time: RabbitMQ's `timestamp_in_ms` header, else the AMQP timestamp (seconds, or ms when producers use ms).
function publishedAt(message: ConsumeMessage): number | undefined {
  const header: unknown = message.properties.headers?.['timestamp_in_ms'];
  if (typeof header === 'number') return header;
  const timestamp: unknown = message.properties.timestamp;
  if (typeof timestamp !== 'number') return undefined;
  return timestamp > 1e11 ? timestamp : timestamp * 1000;
}
