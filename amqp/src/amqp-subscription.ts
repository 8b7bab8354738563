import { setTimeout as sleep } from 'node:timers/promises';
import type { BackoffPolicy } from '@tracey/common';
import type { ConsumeMessage } from 'amqplib';
import { AmqpConsumer } from './amqp-consumer.js';
import type { AmqpConnect, AmqpSession } from './amqp-session.js';
import { assertSubscriptionQueue, type SubscriptionQueue } from './amqp-topology.js';
import type { ConsumerLogger } from './consumer-logger.js';

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
  readonly logger?: ConsumerLogger;
  readonly connect?: AmqpConnect;
}

const BUG_REQUEUE_DELAY_MS = 1_000;

/**
 * Consumes events from a topic exchange through a queue of its own (an {@link AmqpConsumer}), and
 * settles each delivery with what its handler returned. Deliveries of a lost connection are not
 * settled: the broker delivers them again.
 */
export class AmqpSubscription {
  private readonly consumer: AmqpConsumer;
  private bindingKeys: readonly string[];
  private stopping = false;
  private readonly stopSignal = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: AmqpSubscriptionOptions) {
    this.bindingKeys = [...new Set(options.bindingKeys)];
    this.consumer = new AmqpConsumer({
      url: options.url,
      // The keys of the moment: a reconnect binds what the last rebind() asked for.
      declare: (channel) =>
        assertSubscriptionQueue(channel, options.exchange, options.queue, this.bindingKeys),
      prefetch: options.prefetch ?? 1,
      connectionName: options.connectionName ?? 'tracey-subscriber',
      onMessage: (message, session) => this.dispatch(session, message),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.connectAttempts === undefined ? {} : { connectAttempts: options.connectAttempts }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.connect === undefined ? {} : { connect: options.connect }),
    });
  }

  /** True while a consumer runs. */
  get ready(): boolean {
    return this.consumer.session?.isOpen === true && !this.stopping;
  }

  /** The queue consumed (server-named ones are known once connected). */
  get queueName(): string | undefined {
    return this.consumer.session?.queue ?? this.options.queue.name;
  }

  /**
   * Connects and consumes; resolves once the first consumer runs, then keeps reconnecting in
   * the background. Rejects after `connectAttempts` failed connects.
   */
  async start(): Promise<void> {
    await this.consumer.start();
  }

  /** Changes the bindings: binds the new keys and unbinds those no longer wanted. */
  async rebind(keys: readonly string[]): Promise<void> {
    const wanted = [...new Set(keys)];
    const previous = this.bindingKeys;
    this.bindingKeys = wanted;
    const session = this.consumer.session;
    if (session === undefined || !session.isOpen) return; // the next connection binds `wanted`
    for (const key of wanted.filter((key) => !previous.includes(key)))
      await session.bind(this.options.exchange, key);
    for (const key of previous.filter((key) => !wanted.includes(key)))
      await session.unbind(this.options.exchange, key);
  }

  /** Stops consuming, aborts handlers' waits, settles what they return, closes. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.consumer.cancel().catch(() => undefined);
    this.stopSignal.abort();
    await Promise.all(this.inFlight);
    await this.consumer.close();
  }

  private dispatch(session: AmqpSession, message: ConsumeMessage): void {
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
        // A delivery of a lost connection cannot be settled (the session ignores it); the broker
        // sends it again.
        if (settlement === 'ack') session.ack(message);
        else if (settlement === 'requeue') session.requeue(message);
        else session.reject(message);
      })
      .catch((error: unknown) => {
        this.options.logger?.warn({ err: error }, 'cannot settle a delivery');
      })
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }
}
