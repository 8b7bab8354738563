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

export interface AmqpSessionOptions {
  readonly url: string;
  readonly topology: AmqpTopology;
  readonly prefetch: number;
  readonly onMessage: (message: ConsumeMessage, session: AmqpSession) => void;
  /** Called once when the connection or a channel closes, by error or by {@link AmqpSession.close}. */
  readonly onClosed: (error: Error | undefined) => void;
}

/**
 * One connection to RabbitMQ: a consuming channel and a confirm channel for dead letters.
 * Messages can only be settled on the session that delivered them; once it is closed, settling
 * is a no-op (the broker redelivers them).
 */
export class AmqpSession {
  private closed = false;
  private consumerTag: string | undefined;

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly confirm: ConfirmChannel,
    private readonly options: AmqpSessionOptions,
  ) {}

  /** Connects, declares the topology and starts consuming. */
  static async open(options: AmqpSessionOptions): Promise<AmqpSession> {
    const connection = await connect(options.url);
    try {
      const channel = await connection.createChannel();
      const confirm = await connection.createConfirmChannel();
      const session = new AmqpSession(connection, channel, confirm, options);
      session.watch();
      await assertTopology(channel, options.topology);
      await channel.prefetch(options.prefetch);
      const reply = await channel.consume(options.topology.queue, (message) => {
        // null: the broker cancelled the consumer (queue deleted); reconnecting declares it again.
        if (message === null) void session.close(new Error('consumer cancelled by the broker'));
        else if (!session.closed) options.onMessage(message, session);
      });
      session.consumerTag = reply.consumerTag;
      return session;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private watch(): void {
    const lost = (error?: Error) => void this.close(error ?? new Error('connection closed'));
    this.connection.on('error', (error: Error) => lost(error));
    this.connection.on('close', (error?: Error) => lost(error));
    this.channel.on('error', (error: Error) => lost(error));
    this.channel.on('close', () => lost());
    this.confirm.on('error', (error: Error) => lost(error));
    this.confirm.on('close', () => lost());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  ack(message: ConsumeMessage): void {
    if (!this.closed) this.channel.ack(message);
  }

  /** Returns the message to the queue for another delivery. */
  requeue(message: ConsumeMessage): void {
    if (!this.closed) this.channel.nack(message, false, true);
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
    const headers: Record<string, unknown> = {
      ...(properties.headers ?? {}),
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.details]: detailsText,
      [DEAD_LETTER_HEADERS.originalExchange]: fields.exchange,
      [DEAD_LETTER_HEADERS.originalRoutingKey]: fields.routingKey,
      [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date().toISOString(),
    };
    await new Promise<void>((resolve, reject) => {
      this.confirm.sendToQueue(
        this.options.topology.deadLetterQueue,
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
          else reject(error instanceof Error ? error : new Error('the broker refused the dead letter'));
        },
      );
    });
    this.ack(message);
  }

  /** Stops consuming; deliveries already received can still be settled. */
  async cancel(): Promise<void> {
    if (this.closed || this.consumerTag === undefined) return;
    await this.channel.cancel(this.consumerTag);
  }

  /** Closes the connection; unacked messages go back to the queue. Idempotent. */
  async close(error?: Error): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.onClosed(error);
    await this.connection.close().catch(() => undefined);
  }
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}
