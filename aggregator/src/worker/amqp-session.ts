import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { assertTopology, type AmqpTopology } from './amqp-topology.js';
import type { DeadLetterReason } from './disposition.js';

/** Headers a dead-lettered message carries, besides its own. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-tracey-reason',
  details: 'x-tracey-details',
  originalExchange: 'x-tracey-original-exchange',
  originalRoutingKey: 'x-tracey-original-routing-key',
  deadLetteredAt: 'x-tracey-dead-lettered-at',
} as const;

const MAX_DETAILS_CHARS = 8_000;

/** Which queue a message came from: the worker queue, or its large-event queue. */
export type Lane = 'main' | 'large';

export interface AmqpSessionOptions {
  readonly url: string;
  readonly topology: AmqpTopology;
  readonly prefetch: number;
  /** Prefetch of the large-event queue's consumer. */
  readonly largePrefetch: number;
  readonly onMessage: (message: ConsumeMessage, session: AmqpSession, lane: Lane) => void;
  /** Called once when the connection or a channel closes, by error or by {@link AmqpSession.close}. */
  readonly onClosed: (error: Error | undefined) => void;
}

/**
 * One connection to RabbitMQ: a consuming channel for the worker queue, one for its large-event
 * queue, and a confirm channel for dead letters and moved large events. Messages can only be
 * settled on the session that delivered them; once it is closed, settling is a no-op (the broker
 * redelivers them).
 */
export class AmqpSession {
  private closed = false;
  private consumerTag: string | undefined;
  private largeTag: string | undefined;
  private paused = false;
  // Pause and resume run one after the other, in the order asked.
  private flow: Promise<void> = Promise.resolve();

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly largeChannel: Channel,
    private readonly confirm: ConfirmChannel,
    private readonly options: AmqpSessionOptions,
  ) {}

  /** Connects, declares the topology and starts consuming both queues. */
  static async open(options: AmqpSessionOptions): Promise<AmqpSession> {
    const connection = await connect(options.url);
    try {
      const channel = await connection.createChannel();
      const largeChannel = await connection.createChannel();
      const confirm = await connection.createConfirmChannel();
      const session = new AmqpSession(connection, channel, largeChannel, confirm, options);
      session.watch();
      await assertTopology(channel, options.topology);
      await channel.prefetch(options.prefetch);
      await largeChannel.prefetch(options.largePrefetch);
      session.consumerTag = await session.consume(channel, options.topology.queue, 'main');
      session.largeTag = await session.consume(largeChannel, options.topology.largeQueue, 'large');
      return session;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private async consume(channel: Channel, queue: string, lane: Lane): Promise<string> {
    const reply = await channel.consume(queue, (message) => {
      // null: the broker cancelled the consumer (queue deleted); reconnecting declares it again.
      if (message === null) void this.close(new Error('consumer cancelled by the broker'));
      else if (!this.closed) this.options.onMessage(message, this, lane);
    });
    return reply.consumerTag;
  }

  private watch(): void {
    const lost = (error?: Error) => void this.close(error ?? new Error('connection closed'));
    this.connection.on('error', (error: Error) => lost(error));
    this.connection.on('close', (error?: Error) => lost(error));
    for (const channel of [this.channel, this.largeChannel, this.confirm]) {
      channel.on('error', (error: Error) => lost(error));
      channel.on('close', () => lost());
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** True while the worker queue's consumer is paused ({@link AmqpSession.pause}). */
  get isPaused(): boolean {
    return this.paused;
  }

  // The channel a message was delivered on: acks and nacks must go back on it.
  private channelOf(message: ConsumeMessage): Channel {
    return message.fields.consumerTag === this.largeTag ? this.largeChannel : this.channel;
  }

  ack(message: ConsumeMessage): void {
    if (!this.closed) this.channelOf(message).ack(message);
  }

  /** Returns the message to the queue for another delivery. */
  requeue(message: ConsumeMessage): void {
    if (!this.closed) this.channelOf(message).nack(message, false, true);
  }

  /**
   * Stops deliveries from the worker queue (its consumer is cancelled) while the worker holds too
   * many bytes; what was delivered can still be settled. Idempotent.
   */
  pause(): Promise<void> {
    this.flow = this.flow.then(async () => {
      if (this.closed || this.paused || this.consumerTag === undefined) return;
      this.paused = true;
      await this.channel.cancel(this.consumerTag);
      this.consumerTag = undefined;
    });
    return this.flow.catch((error: unknown) => this.close(asError(error)));
  }

  /** Consumes the worker queue again after {@link AmqpSession.pause}. Idempotent. */
  resume(): Promise<void> {
    this.flow = this.flow.then(async () => {
      if (this.closed || !this.paused) return;
      this.consumerTag = await this.consume(this.channel, this.options.topology.queue, 'main');
      this.paused = false;
    });
    return this.flow.catch((error: unknown) => this.close(asError(error)));
  }

  /**
   * Moves `message` to `queue` (a copy published with confirm, then the original acked), e.g. a
   * large event to the large-event queue. On failure the original stays unacked.
   */
  async forward(message: ConsumeMessage, queue: string): Promise<void> {
    if (this.closed) return;
    await this.publishCopy(queue, message, {
      ...(message.properties.headers ?? {}),
      [DEAD_LETTER_HEADERS.originalExchange]: message.fields.exchange,
      [DEAD_LETTER_HEADERS.originalRoutingKey]: message.fields.routingKey,
    });
    this.ack(message);
  }

  /**
   * Publishes a copy of `message` to the dead-letter queue with the reason in its headers, waits
   * for the broker's confirm, then acks the original. On failure the original stays unacked.
   */
  async deadLetter(
    message: ConsumeMessage,
    reason: DeadLetterReason,
    details: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    if (this.closed) return;
    const { properties, fields } = message;
    let detailsText = JSON.stringify(details);
    if (detailsText.length > MAX_DETAILS_CHARS)
      detailsText = JSON.stringify({ truncated: detailsText.slice(0, MAX_DETAILS_CHARS) });
    await this.publishCopy(this.options.topology.deadLetterQueue, message, {
      ...(properties.headers ?? {}),
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.details]: detailsText,
      // A large event moved to the large-event queue carries where it was first published.
      [DEAD_LETTER_HEADERS.originalExchange]: originalHeader(message, 'originalExchange') ?? fields.exchange,
      [DEAD_LETTER_HEADERS.originalRoutingKey]:
        originalHeader(message, 'originalRoutingKey') ?? fields.routingKey,
      [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date().toISOString(),
    });
    this.ack(message);
  }

  private async publishCopy(
    queue: string,
    message: ConsumeMessage,
    headers: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const { properties } = message;
    await new Promise<void>((resolve, reject) => {
      this.confirm.sendToQueue(
        queue,
        message.content,
        {
          persistent: true,
          headers,
          ...defined('contentType', properties.contentType as string | undefined),
          ...defined('contentEncoding', properties.contentEncoding as string | undefined),
          ...defined('messageId', properties.messageId as string | undefined),
          ...defined('timestamp', properties.timestamp as number | undefined),
          ...defined('type', properties.type as string | undefined),
        },
        (error: unknown) => {
          if (error === null || error === undefined) resolve();
          else reject(error instanceof Error ? error : new Error(`the broker refused the copy to ${queue}`));
        },
      );
    });
  }

  /** Stops consuming both queues; deliveries already received can still be settled. */
  async cancel(): Promise<void> {
    await this.flow.catch(() => undefined);
    if (this.closed) return;
    if (this.consumerTag !== undefined) await this.channel.cancel(this.consumerTag);
    if (this.largeTag !== undefined) await this.largeChannel.cancel(this.largeTag);
    this.consumerTag = undefined;
    this.largeTag = undefined;
    this.paused = true;
  }

  /** Closes the connection; unacked messages go back to the queue. Idempotent. */
  async close(error?: Error): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.onClosed(error);
    await this.connection.close().catch(() => undefined);
  }
}

function originalHeader(
  message: ConsumeMessage,
  key: 'originalExchange' | 'originalRoutingKey',
): string | undefined {
  const value: unknown = message.properties.headers?.[DEAD_LETTER_HEADERS[key]];
  return typeof value === 'string' ? value : undefined;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}
