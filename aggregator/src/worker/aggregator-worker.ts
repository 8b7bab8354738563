import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsumeMessage } from 'amqplib';
import { backoffDelay, type Logger } from '@tracey/common';
import type { Protocol } from '@tracey/schemas';
import type { EventRow } from '../graph/event-row.js';
import { eiffelGraphVocabulary, type GraphVocabulary } from '../graph/graph-vocabulary.js';
import type { AggregatorMetrics } from '../ops/aggregator-metrics.js';
import { createAggregatorMetrics } from '../ops/aggregator-metrics.js';
import { AmqpSession, type Lane } from './amqp-session.js';
import { DEFAULT_DELIVERY_LIMIT, largeEventQueue, type AmqpTopology } from './amqp-topology.js';
import { BatchLane } from './batch-lane.js';
import { writeBatch, type EventWriter, type ItemResult, type RetryPolicy } from './batch-writer.js';
import { decodeMessage } from './decode-message.js';
import { deadLetter, type Disposition } from './disposition.js';
import { WORKER_DEFAULTS } from './worker-defaults.js';

/** The graph operations a worker uses. */
export interface WorkerGraph extends EventWriter {
  ensureSchema(): Promise<void>;
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
   * Messages over this size are moved to the large-event queue (`<queue>.large`) and written from
   * there, a few at a time, so that the worker queue never waits behind them.
   */
  readonly largeEventBytes?: number;
  /**
   * Bytes of messages the worker holds (received, not yet settled). Half is for the worker queue:
   * when its messages held reach it, the worker stops taking them until half of that is settled.
   * The other half is for the large-event queue: its prefetch is that half over `maxEventBytes`.
   */
  readonly inflightBytes?: number;
  /** Failed attempts of a write before it is split in two; see {@link writeBatch}. */
  readonly retryLimit?: number;
  /**
   * Batches written at once, each in its own transaction. Default 1. Two keep Neo4j busy while
   * the worker settles one batch and fills the next; `prefetch` should cover them plus one.
   */
  readonly writeConcurrency?: number;
  readonly graph: WorkerGraph;
  readonly protocol: Protocol<E>;
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
}

interface Held {
  readonly lane: Lane;
  readonly bytes: number;
  readonly session: AmqpSession;
  readonly receivedAt: number;
}

/** Why the worker is not ready, or `undefined` when it is. */
export type NotReadyReason = 'stopping' | 'graph-unavailable' | 'broker-unavailable' | 'stuck' | undefined;

/**
 * A stateless aggregator worker: consumes the quorum queue, validates each message, writes
 * batches of up to `batchSize` events, `batchBytes` bytes or `batchMs` ms in one transaction, and
 * settles each message after the commit: ack, dead-letter with the reason, or (on stop) requeue.
 * Large events go through a queue of their own; the bytes held are bounded by `inflightBytes`.
 */
export class AggregatorWorker<E> {
  readonly metrics: AggregatorMetrics;
  private readonly logger: Logger;
  private readonly topology: AmqpTopology;
  private readonly vocabulary: GraphVocabulary;
  private readonly limits: typeof WORKER_DEFAULTS;
  private readonly lanes: Record<Lane, BatchLane<Pending>>;
  private readonly held = new Map<ConsumeMessage, Held>();
  private heldBytes = 0;
  // Held from the worker queue: what pausing its consumer bounds (the large-event queue's
  // consumer is bounded by its prefetch).
  private mainHeldBytes = 0;
  private readonly settling = new Set<Promise<void>>();
  private readonly stopSignal = new AbortController();
  private readonly retryAbort = new AbortController();
  private session: AmqpSession | undefined;
  private graphHealthy = false;
  private stuckWrites = 0;
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: AggregatorWorkerOptions<E>) {
    this.metrics = options.metrics ?? createAggregatorMetrics();
    this.logger = options.logger.child({ component: 'aggregator-worker' });
    this.vocabulary = options.vocabulary ?? eiffelGraphVocabulary;
    this.limits = {
      batchBytes: options.batchBytes ?? WORKER_DEFAULTS.batchBytes,
      maxEventBytes: options.maxEventBytes ?? WORKER_DEFAULTS.maxEventBytes,
      largeEventBytes: options.largeEventBytes ?? WORKER_DEFAULTS.largeEventBytes,
      inflightBytes: options.inflightBytes ?? WORKER_DEFAULTS.inflightBytes,
      retryLimit: options.retryLimit ?? WORKER_DEFAULTS.retryLimit,
    };
    this.topology = {
      exchange: options.exchange,
      queue: options.queue,
      largeQueue: largeEventQueue(options.queue),
      bindingKeys: options.bindingKeys,
      deadLetterQueue: options.deadLetterQueue,
      deliveryLimit: options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT,
    };
    const lane = (concurrency: number) =>
      new BatchLane<Pending>({
        batchSize: options.batchSize,
        batchBytes: this.limits.batchBytes,
        batchMs: options.batchMs,
        concurrency,
        write: (batch) => this.writeOrRequeue(batch),
        live: (item) => item.session.isOpen,
      });
    this.lanes = { main: lane(options.writeConcurrency ?? 1), large: lane(1) };
  }

  /** True while consuming with a working graph and no write stuck: the `/ready` probe. */
  get ready(): boolean {
    return this.notReadyReason === undefined;
  }

  /** Why `/ready` says no; `undefined` when ready. */
  get notReadyReason(): NotReadyReason {
    if (this.stopping) return 'stopping';
    if (this.session?.isOpen !== true) return 'broker-unavailable';
    if (this.stuckWrites > 0) return 'stuck';
    if (!this.graphHealthy) return 'graph-unavailable';
    return undefined;
  }

  /** Bytes of messages received and not yet settled. */
  get heldMessageBytes(): number {
    return this.heldBytes;
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
    await this.retrying('graph schema setup', () => this.options.graph.ensureSchema());
    this.graphHealthy = true;
    let connected!: () => void;
    const firstConnection = new Promise<void>((resolve) => (connected = resolve));
    this.loops = [this.connectLoop(connected), this.lanes.main.run(), this.lanes.large.run()];
    await Promise.race([firstConnection, this.loops[0]]);
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
      { buffered: this.lanes.main.buffered + this.lanes.large.buffered },
      'stopping: no new messages, finishing what was received',
    );
    this.retryAbort.abort();
    await this.session?.cancel().catch(() => undefined);
    this.lanes.main.close();
    this.lanes.large.close();
    const finished = Promise.all([...this.loops.slice(1), Promise.all(this.settling)]).then(() => true);
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
    this.stopSignal.abort();
    await this.session?.close();
    await this.loops[0];
    this.logger.info('stopped');
  }

  private async retrying(what: string, work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (this.stopping) throw error;
        const delayMs = backoffDelay(
          attempt,
          this.options.retry ?? { initialDelayMs: 200, maxDelayMs: 5_000 },
        );
        this.logger.warn({ err: error, attempt, delayMs }, `${what} failed; retrying`);
        await sleep(delayMs);
      }
    }
  }

  private async connectLoop(connected: () => void): Promise<void> {
    const policy = this.options.reconnect ?? { initialDelayMs: 200, maxDelayMs: 5_000 };
    for (let attempt = 1; !this.stopping; attempt++) {
      let lost!: (error: Error | undefined) => void;
      const closed = new Promise<Error | undefined>((resolve) => (lost = resolve));
      try {
        this.session = await AmqpSession.open({
          url: this.options.amqpUrl,
          topology: this.topology,
          prefetch: this.options.prefetch,
          largePrefetch: Math.max(
            1,
            Math.floor(
              this.limits.inflightBytes /
                2 /
                Math.max(this.limits.largeEventBytes, this.limits.maxEventBytes),
            ),
          ),
          onMessage: (message, session, lane) => this.receive(message, session, lane),
          onClosed: (error) => lost(error),
        });
        attempt = 0;
        this.logger.info({ queue: this.topology.queue }, 'consuming');
        connected();
        const error = await closed;
        this.forget(this.session);
        if (this.stopping) return;
        this.logger.warn({ err: error }, 'RabbitMQ connection lost; reconnecting');
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn({ err: error, attempt }, 'cannot connect to RabbitMQ; retrying');
      }
      try {
        await sleep(backoffDelay(attempt, policy), undefined, { signal: this.stopSignal.signal });
      } catch {
        return;
      }
    }
  }

  // The messages of a closed connection go back to the queue by themselves: no longer held.
  private forget(session: AmqpSession | undefined): void {
    for (const [message, held] of this.held) if (held.session === session) this.release(message);
  }

  private hold(message: ConsumeMessage, session: AmqpSession, lane: Lane): void {
    const bytes = message.content.length;
    this.held.set(message, { lane, bytes, session, receivedAt: Date.now() });
    this.heldBytes += bytes;
    if (lane === 'large') return;
    this.mainHeldBytes += bytes;
    if (this.mainHeldBytes >= this.limits.inflightBytes / 2 && !session.isPaused && !this.stopping) {
      this.metrics.consumerPauses.inc();
      this.logger.debug(
        { heldBytes: this.heldBytes },
        'holding the in-flight byte budget; pausing the consumer',
      );
      void session.pause();
    }
  }

  private release(message: ConsumeMessage): void {
    const held = this.held.get(message);
    if (held === undefined) return;
    this.held.delete(message);
    this.heldBytes -= held.bytes;
    if (held.lane === 'large') return;
    this.mainHeldBytes -= held.bytes;
    const session = held.session;
    if (
      session.isPaused &&
      session.isOpen &&
      !this.stopping &&
      this.mainHeldBytes <= this.limits.inflightBytes / 4
    )
      void session.resume();
  }

  private receive(message: ConsumeMessage, session: AmqpSession, lane: Lane): void {
    this.metrics.consumed.inc();
    this.hold(message, session, lane);
    try {
      this.accept(message, session, lane);
    } catch (error) {
      // A bug met by this message: back to the queue, whose delivery limit bounds the loop.
      this.logger.error({ err: error }, 'unexpected error handling a message; requeueing it');
      session.requeue(message);
      this.release(message);
    }
  }

  private accept(message: ConsumeMessage, session: AmqpSession, lane: Lane): void {
    const bytes = message.content.length;
    if (bytes > this.limits.maxEventBytes) {
      // Not even parsed: its size alone decides.
      const messageId = message.properties.messageId as string | undefined;
      this.settle(message, session, tooLarge(bytes, this.limits.maxEventBytes, messageId), messageId);
      return;
    }
    if (lane === 'main' && bytes > this.limits.largeEventBytes) {
      this.metrics.largeEventsMoved.inc();
      this.track(
        session.forward(message, this.topology.largeQueue),
        message,
        session,
        'moving a large event to the large-event queue failed',
      );
      return;
    }
    const decoded = decodeMessage(this.options.protocol, this.vocabulary, {
      content: message.content,
      contentType: message.properties.contentType as string | undefined,
      contentEncoding: message.properties.contentEncoding as string | undefined,
    });
    if (!decoded.ok) {
      this.settle(message, session, decoded.disposition, decoded.eventId);
      return;
    }
    this.lanes[lane].push({ message, session, row: decoded.row, bytes, receivedAt: Date.now() });
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
      for (const item of batch) {
        item.session.requeue(item.message);
        this.release(item.message);
      }
      await sleep(1_000);
    }
  }

  private async writeAndSettle(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const bytes = batch.reduce((sum, item) => sum + item.bytes, 0);
    const results = await writeBatch(
      batch.map((item) => item.row),
      {
        writer: this.options.graph,
        retry: this.options.retry ?? { initialDelayMs: 100, maxDelayMs: 5_000 },
        retryLimit: this.limits.retryLimit,
        signal: this.retryAbort.signal,
        onRetry: (error, attempt, delayMs) => {
          this.graphHealthy = false;
          this.metrics.retries.inc();
          this.logger.warn(
            { err: error, code: error.code, attempt, delayMs, batch: batch.length, bytes },
            'batch write failed; retrying',
          );
        },
        onSplit: (reason, rows) => {
          this.metrics.splits.inc(1, { reason });
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
    this.settle(item.message, item.session, result.disposition, item.row.id);
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
        this.metrics.deadLettered.inc(1, { reason: disposition.reason });
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
