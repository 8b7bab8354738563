import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsumeMessage } from 'amqplib';
import { backoffDelay, type Logger } from '@tracey/common';
import type { Protocol } from '@tracey/schemas';
import type { EventRow } from '../graph/event-row.js';
import { eiffelGraphVocabulary, type GraphVocabulary } from '../graph/graph-vocabulary.js';
import type { AggregatorMetrics } from '../ops/aggregator-metrics.js';
import { createAggregatorMetrics } from '../ops/aggregator-metrics.js';
import { AmqpSession } from './amqp-session.js';
import { DEFAULT_DELIVERY_LIMIT, type AmqpTopology } from './amqp-topology.js';
import { writeBatch, type EventWriter, type ItemResult, type RetryPolicy } from './batch-writer.js';
import { decodeMessage } from './decode-message.js';
import type { Disposition } from './disposition.js';

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
  /** On stop, how long to keep retrying a batch Neo4j does not take before requeueing it. Default 10 s. */
  readonly stopTimeoutMs?: number;
}

interface Pending {
  readonly message: ConsumeMessage;
  readonly session: AmqpSession;
  readonly row: EventRow;
  readonly receivedAt: number;
}

/**
 * A stateless aggregator worker: consumes the quorum queue, validates each message, writes
 * batches of up to `batchSize` events or `batchMs` ms in one transaction, and settles each
 * message after the commit: ack, dead-letter with the reason, or (on stop) requeue.
 */
export class AggregatorWorker<E> {
  readonly metrics: AggregatorMetrics;
  private readonly logger: Logger;
  private readonly topology: AmqpTopology;
  private readonly vocabulary: GraphVocabulary;
  private readonly buffer: Pending[] = [];
  private readonly settling = new Set<Promise<void>>();
  private readonly writing = new Set<Promise<void>>();
  private readonly stopSignal = new AbortController();
  private readonly retryAbort = new AbortController();
  private session: AmqpSession | undefined;
  private wake: (() => void) | undefined;
  private graphHealthy = false;
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: AggregatorWorkerOptions<E>) {
    this.metrics = options.metrics ?? createAggregatorMetrics();
    this.logger = options.logger.child({ component: 'aggregator-worker' });
    this.vocabulary = options.vocabulary ?? eiffelGraphVocabulary;
    this.topology = {
      exchange: options.exchange,
      queue: options.queue,
      bindingKeys: options.bindingKeys,
      deadLetterQueue: options.deadLetterQueue,
      deliveryLimit: options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT,
    };
  }

  /** True while consuming with a working graph: the `/ready` probe. */
  get ready(): boolean {
    return !this.stopping && this.graphHealthy && this.session?.isOpen === true;
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
    this.loops = [this.connectLoop(connected), this.pump()];
    await Promise.race([firstConnection, this.loops[0]]);
  }

  /** Stops consuming, writes and settles what was received, then closes the connection. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.info({ buffered: this.buffer.length }, 'stopping: no new messages, finishing the batch');
    await this.session?.cancel().catch(() => undefined);
    const deadline = setTimeout(() => this.retryAbort.abort(), this.options.stopTimeoutMs ?? 10_000);
    this.wake?.();
    await Promise.all(this.loops.slice(1));
    await Promise.all(this.settling);
    clearTimeout(deadline);
    this.stopSignal.abort();
    await this.session?.close();
    await Promise.all(this.loops);
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
          onMessage: (message, session) => this.receive(message, session),
          onClosed: (error) => lost(error),
        });
        attempt = 0;
        this.logger.info({ queue: this.topology.queue }, 'consuming');
        connected();
        const error = await closed;
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

  private receive(message: ConsumeMessage, session: AmqpSession): void {
    this.metrics.consumed.inc();
    try {
      this.accept(message, session);
    } catch (error) {
      // A bug met by this message: back to the queue, whose delivery limit bounds the loop.
      this.logger.error({ err: error }, 'unexpected error handling a message; requeueing it');
      session.requeue(message);
    }
  }

  private accept(message: ConsumeMessage, session: AmqpSession): void {
    const decoded = decodeMessage(this.options.protocol, this.vocabulary, {
      content: message.content,
      contentType: message.properties.contentType as string | undefined,
      contentEncoding: message.properties.contentEncoding as string | undefined,
    });
    if (!decoded.ok) {
      this.settle(message, session, decoded.disposition, decoded.eventId);
      return;
    }
    this.buffer.push({ message, session, row: decoded.row, receivedAt: Date.now() });
    if (this.buffer.length === 1 || this.buffer.length >= this.options.batchSize) this.wake?.();
  }

  // Resolves when a batch is due: full, or its oldest message waited batchMs, or stopping.
  private async batchDue(): Promise<void> {
    while (!this.stopping && this.buffer.length < this.options.batchSize) {
      const oldest = this.buffer[0];
      const waitMs = oldest === undefined ? undefined : oldest.receivedAt + this.options.batchMs - Date.now();
      if (waitMs !== undefined && waitMs <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = waitMs === undefined ? undefined : setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async pump(): Promise<void> {
    const concurrency = this.options.writeConcurrency ?? 1;
    for (;;) {
      await this.batchDue();
      if (this.stopping && this.buffer.length === 0) break;
      // Messages of a lost connection come again on the next one; writing them now is wasted.
      const batch = this.buffer.splice(0, this.options.batchSize).filter((item) => item.session.isOpen);
      if (batch.length === 0) continue;
      const write = this.writeOrRequeue(batch).finally(() => this.writing.delete(write));
      this.writing.add(write);
      if (this.writing.size >= concurrency) await Promise.race(this.writing);
    }
    await Promise.all(this.writing);
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
      for (const item of batch) item.session.requeue(item.message);
      await sleep(1_000);
    }
  }

  private async writeAndSettle(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const results = await writeBatch(
      batch.map((item) => item.row),
      {
        writer: this.options.graph,
        retry: this.options.retry ?? { initialDelayMs: 100, maxDelayMs: 5_000 },
        signal: this.retryAbort.signal,
        onRetry: (error, attempt, delayMs) => {
          this.graphHealthy = false;
          this.metrics.retries.inc();
          this.logger.warn(
            { err: error, code: error.code, attempt, delayMs, batch: batch.length },
            'batch write failed; retrying',
          );
        },
      },
    );
    const committedAt = Date.now();
    this.graphHealthy = true;
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
        return;
      case 'requeue':
        session.requeue(message);
        return;
      case 'dead-letter': {
        this.metrics.deadLettered.inc(1, { reason: disposition.reason });
        this.logger.warn(
          { eventId, reason: disposition.reason, details: disposition.details },
          'dead-lettering message',
        );
        const done = session
          .deadLetter(message, disposition.reason, disposition.details)
          .catch((error: unknown) => {
            // Left unacked: the broker redelivers it once this connection is gone.
            this.logger.error(
              { err: error, eventId },
              'dead-lettering failed; closing the connection to get it redelivered',
            );
            return session.close(error instanceof Error ? error : new Error(String(error)));
          })
          .finally(() => this.settling.delete(done));
        this.settling.add(done);
      }
    }
  }
}

// Publish time: RabbitMQ's `timestamp_in_ms` header, else the AMQP timestamp (seconds, or ms when producers use ms).
function publishedAt(message: ConsumeMessage): number | undefined {
  const header: unknown = message.properties.headers?.['timestamp_in_ms'];
  if (typeof header === 'number') return header;
  const timestamp: unknown = message.properties.timestamp;
  if (typeof timestamp !== 'number') return undefined;
  return timestamp > 1e11 ? timestamp : timestamp * 1000;
}
