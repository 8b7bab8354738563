import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { backoffDelay, type BackoffPolicy } from '@tracey/common';
import type { ProducerLogger } from './producer-logger.js';

/** The queue a subscription consumes. */
export interface SubscriptionQueue {
  /**
   * A durable quorum queue of this name, which keeps events while nobody listens; without a
   * name, a server-named exclusive queue that lives as long as the connection.
   */
  readonly name?: string;
  /** More queue arguments (e.g. `x-delivery-limit`), for the durable queue. */
  readonly arguments?: Readonly<Record<string, unknown>>;
}

/** One message as a subscriber sees it. */
export interface Delivery {
  readonly body: Buffer;
  readonly routingKey: string;
  readonly messageId: string | undefined;
  /** Whether the broker delivered it before (to this or another consumer). */
  readonly redelivered: boolean;
}

/** What to do with a delivery once handled: the outcome as a value. */
export type Settlement = 'ack' | 'requeue' | 'reject';

/** Connects to the broker; tests pass their own to get hold of the connection. */
export type AmqpConnect = (
  url: string,
  options: { clientProperties: Record<string, unknown> },
) => Promise<ChannelModel>;

export interface AmqpSubscriptionOptions {
  readonly url: string;
  /** Durable topic exchange, declared if missing. */
  readonly exchange: string;
  readonly queue: SubscriptionQueue;
  readonly bindingKeys: readonly string[];
  /** Unacknowledged deliveries at once, handled concurrently. Default 1. */
  readonly prefetch?: number;
  /**
   * Handles one delivery; `signal` aborts when the subscription stops. Runs at least once per
   * message: it must be idempotent. A rejection counts as `requeue` (a bug, logged).
   */
  readonly handle: (delivery: Delivery, signal: AbortSignal) => Promise<Settlement>;
  /** Name of the connection in the broker's management UI. Default `tracey-subscriber`. */
  readonly connectionName?: string;
  /** Backoff of reconnects. Default 200 ms doubling to 5 s. */
  readonly reconnect?: BackoffPolicy;
  /** Failed connects before {@link AmqpSubscription.start} gives up. Default: never gives up. */
  readonly connectAttempts?: number;
  readonly logger?: ProducerLogger;
  readonly connect?: AmqpConnect;
}

const BUG_REQUEUE_DELAY_MS = 1_000;

interface Session {
  readonly connection: ChannelModel;
  readonly channel: Channel;
  readonly queue: string;
  open: boolean;
  consumerTag?: string;
}

/**
 * Consumes events from a topic exchange through a queue of its own, reconnecting with backoff
 * whenever the connection is lost, and settles each delivery with what its handler returned.
 * Deliveries of a lost connection are not settled: the broker delivers them again.
 */
export class AmqpSubscription {
  private session: Session | undefined;
  private bindingKeys: readonly string[];
  private stopping = false;
  private readonly stopSignal = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: AmqpSubscriptionOptions) {
    this.bindingKeys = [...new Set(options.bindingKeys)];
  }

  /** True while a consumer runs. */
  get ready(): boolean {
    return this.session?.open === true && !this.stopping;
  }

  /** The queue consumed (server-named ones are known once connected). */
  get queueName(): string | undefined {
    return this.session?.queue ?? this.options.queue.name;
  }

  /**
   * Connects and consumes; resolves once the first consumer runs, then keeps reconnecting in
   * the background. Rejects after `connectAttempts` failed connects.
   */
  async start(): Promise<void> {
    let started!: () => void;
    let failed!: (error: unknown) => void;
    const first = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    this.loop = this.connectLoop(started, failed);
    await first;
  }

  /** Changes the bindings: binds the new keys and unbinds those no longer wanted. */
  async rebind(keys: readonly string[]): Promise<void> {
    const wanted = [...new Set(keys)];
    const previous = this.bindingKeys;
    this.bindingKeys = wanted;
    const session = this.session;
    if (session === undefined || !session.open) return; // the next connection binds `wanted`
    for (const key of wanted.filter((key) => !previous.includes(key)))
      await session.channel.bindQueue(session.queue, this.options.exchange, key);
    for (const key of previous.filter((key) => !wanted.includes(key)))
      await session.channel.unbindQueue(session.queue, this.options.exchange, key);
  }

  /** Stops consuming, aborts handlers' waits, settles what they return, closes. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const session = this.session;
    if (session?.open === true && session.consumerTag !== undefined)
      await session.channel.cancel(session.consumerTag).catch(() => undefined);
    this.stopSignal.abort();
    await Promise.all(this.inFlight);
    if (session !== undefined) {
      session.open = false;
      await session.connection.close().catch(() => undefined);
    }
    await this.loop?.catch(() => undefined);
  }

  private async connectLoop(started: () => void, failed: (error: unknown) => void): Promise<void> {
    const policy = this.options.reconnect ?? { initialDelayMs: 200, maxDelayMs: 5_000 };
    let everStarted = false;
    try {
      await this.reconnecting(
        policy,
        () => {
          everStarted = true;
          started();
        },
        (error, attempt) => {
          if (everStarted || attempt < (this.options.connectAttempts ?? Infinity)) return false;
          failed(error);
          return true;
        },
      );
    } finally {
      if (!everStarted) failed(new Error('the subscription stopped before it could consume'));
    }
  }

  // Connects, waits for the connection's end, connects again; until stopped or `giveUp` says so.
  private async reconnecting(
    policy: BackoffPolicy,
    connected: () => void,
    giveUp: (error: unknown, attempt: number) => boolean,
  ): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        const { closed } = await this.open();
        if (this.stopping) {
          // stop() ran while this connection was being opened: it is nobody's to close but ours.
          await this.session?.connection.close().catch(() => undefined);
          return;
        }
        attempt = 0;
        connected();
        const error = await closed;
        if (this.stopping) return;
        this.options.logger?.warn({ err: error }, 'RabbitMQ connection lost; reconnecting');
      } catch (error) {
        if (this.stopping || giveUp(error, attempt)) return;
        this.options.logger?.warn({ err: error, attempt }, 'cannot consume from RabbitMQ; retrying');
      }
      try {
        await sleep(backoffDelay(Math.max(attempt, 1), policy), undefined, {
          signal: this.stopSignal.signal,
        });
      } catch {
        return;
      }
    }
  }

  // Opens a session and starts consuming; `closed` resolves when it ends (wrapped: an async
  // function returning a bare promise would wait for it).
  private async open(): Promise<{ closed: Promise<unknown> }> {
    const connect = this.options.connect ?? (await import('amqplib')).connect;
    const connection = await connect(this.options.url, {
      clientProperties: { connection_name: this.options.connectionName ?? 'tracey-subscriber' },
    });
    let lost!: (error: unknown) => void;
    const closed = new Promise<unknown>((resolve) => (lost = resolve));
    try {
      const channel = await connection.createChannel();
      const { queue: spec, exchange } = this.options;
      await channel.assertExchange(exchange, 'topic', { durable: true });
      const declared =
        spec.name === undefined
          ? await channel.assertQueue('', { exclusive: true, durable: false, autoDelete: true })
          : await channel.assertQueue(spec.name, {
              durable: true,
              arguments: { ...spec.arguments, 'x-queue-type': 'quorum' },
            });
      for (const key of this.bindingKeys) await channel.bindQueue(declared.queue, exchange, key);
      await channel.prefetch(this.options.prefetch ?? 1);
      const session: Session = { connection, channel, queue: declared.queue, open: true };
      const end = (error?: unknown) => {
        session.open = false;
        lost(error);
      };
      connection.on('error', end);
      connection.on('close', end);
      channel.on('error', end);
      channel.on('close', () => end(new Error('channel closed')));
      this.session = session;
      const reply = await channel.consume(declared.queue, (message) => {
        // null: the broker cancelled the consumer (queue deleted); reconnecting declares it again.
        if (message === null) void connection.close().catch(() => undefined);
        else this.dispatch(session, message);
      });
      session.consumerTag = reply.consumerTag;
      return { closed };
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private dispatch(session: Session, message: ConsumeMessage): void {
    const delivery: Delivery = {
      body: message.content,
      routingKey: message.fields.routingKey,
      messageId: typeof message.properties.messageId === 'string' ? message.properties.messageId : undefined,
      redelivered: message.fields.redelivered,
    };
    const work = this.options
      .handle(delivery, this.stopSignal.signal)
      .catch(async (error: unknown): Promise<Settlement> => {
        this.options.logger?.error({ err: error }, 'unexpected error handling a delivery; requeueing it');
        // A bug met by this message: not again at once, or it would spin.
        await sleep(BUG_REQUEUE_DELAY_MS, undefined, { signal: this.stopSignal.signal }).catch(
          () => undefined,
        );
        return 'requeue';
      })
      .then((settlement) => {
        // A delivery of a lost connection cannot be settled; the broker sends it again.
        if (!session.open) return;
        if (settlement === 'ack') session.channel.ack(message);
        else session.channel.nack(message, false, settlement === 'requeue');
      })
      .catch((error: unknown) => {
        this.options.logger?.warn({ err: error }, 'cannot settle a delivery');
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }
}
