import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { amqpTlsSocketOptions, connectToFirst } from '@tracey/common';
import { AckRuns } from './ack-runs.js';

/** Headers a dead-lettered message carries, besides its own. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-tracey-reason',
  details: 'x-tracey-details',
  originalExchange: 'x-tracey-original-exchange',
  originalRoutingKey: 'x-tracey-original-routing-key',
  deadLetteredAt: 'x-tracey-dead-lettered-at',
} as const;

const MAX_DETAILS_CHARS = 8_000;

/** Connects to the broker; tests pass their own to get hold of the connection. */
export type AmqpConnect = (
  url: string,
  options: { clientProperties?: Record<string, unknown> },
) => Promise<ChannelModel>;

export interface AmqpSessionOptions {
  /** The broker's URL, or a cluster's nodes comma-separated (`TRACEY_AMQP_URL`). */
  readonly url: string;
  /** Declares what is consumed (see amqp-topology.ts); answers the queue to consume. */
  readonly declare: (channel: Channel) => Promise<string>;
  /** Unacknowledged deliveries at once. */
  readonly prefetch: number;
  /** Where {@link AmqpSession.deadLetter} publishes; a confirm channel is opened for it when set. */
  readonly deadLetterQueue?: string;
  /** Name of the connection in the broker's management UI; none when undefined. */
  readonly connectionName?: string;
  readonly connect?: AmqpConnect;
  readonly onMessage: (message: ConsumeMessage, session: AmqpSession) => void;
  /** Called once when the connection or a channel closes, by error or by {@link AmqpSession.close}. */
  readonly onClosed: (error: Error | undefined) => void;
}

/**
 * One connection to RabbitMQ: a consuming channel for one queue and, when there is a dead-letter
 * queue, a confirm channel for dead letters. Messages can only be settled on the session that
 * delivered them; once it is closed, settling is a no-op (the broker redelivers them).
 */
export class AmqpSession {
  private closed = false;
  private consumerTag: string | undefined;
  private paused = false;
  // Stopped for good by cancel(): resume() does nothing.
  private cancelled = false;
  // Pause and resume run one after the other, in the order asked.
  private flow: Promise<void> = Promise.resolve();

  private queueName = '';

  // Acks of one turn of the event loop go out as runs (one frame for a settled batch).
  private readonly acks = new AckRuns<ConsumeMessage>((message, allUpTo) => {
    if (this.closed) return;
    try {
      this.channel.ack(message, allUpTo);
    } catch (error) {
      // The channel closed under us (its close event is on its way): the broker redelivers.
      void this.close(asError(error));
    }
  });

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly confirm: ConfirmChannel | undefined,
    private readonly options: AmqpSessionOptions,
  ) {}

  /** Connects, declares the topology and starts consuming its queue. */
  static async open(options: AmqpSessionOptions): Promise<AmqpSession> {
    // Loaded on first use: a CLI command that consumes nothing does not pay for amqplib.
    const connect = options.connect ?? (await import('amqplib')).connect;
    // `url` may list a cluster's nodes: the first that answers, a different one first each time.
    const connection = await connectToFirst(options.url, (url) =>
      connect(url, {
        // amqps://: the CA and client certificate the environment names (TRACEY_AMQP_*_FILE).
        ...amqpTlsSocketOptions(url),
        ...(options.connectionName === undefined
          ? {}
          : { clientProperties: { connection_name: options.connectionName } }),
      }),
    );
    try {
      const channel = await connection.createChannel();
      const confirm =
        options.deadLetterQueue === undefined ? undefined : await connection.createConfirmChannel();
      const session = new AmqpSession(connection, channel, confirm, options);
      session.watch();
      session.queueName = await options.declare(channel);
      await channel.prefetch(options.prefetch);
      session.consumerTag = await session.consume();
      return session;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private async consume(): Promise<string> {
    const reply = await this.channel.consume(this.queueName, (message) => {
      // null: the broker cancelled the consumer (queue deleted); reconnecting declares it again.
      if (message === null) void this.close(new Error('consumer cancelled by the broker'));
      else if (!this.closed) {
        this.acks.delivered(message);
        this.options.onMessage(message, this);
      }
    });
    return reply.consumerTag;
  }

  private watch(): void {
    const lost = (error?: Error) => void this.close(error ?? new Error('connection closed'));
    this.connection.on('error', (error: Error) => lost(error));
    this.connection.on('close', (error?: Error) => lost(error));
    for (const channel of this.confirm === undefined ? [this.channel] : [this.channel, this.confirm]) {
      channel.on('error', (error: Error) => lost(error));
      channel.on('close', () => lost());
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The queue consumed (the server's name for an unnamed one). */
  get queue(): string {
    return this.queueName;
  }

  /** True from {@link AmqpSession.pause} until {@link AmqpSession.resume} (or for good after cancel). */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Acks the message at the end of this turn of the event loop, with the others acked in it. */
  ack(message: ConsumeMessage): void {
    if (!this.closed) this.acks.ack(message);
  }

  /** Returns the message to the queue for another delivery. */
  requeue(message: ConsumeMessage): void {
    if (this.closed) return;
    this.acks.settled(message);
    this.channel.nack(message, false, true);
  }

  /** Drops the message (or dead-letters it, when its queue says so). */
  reject(message: ConsumeMessage): void {
    if (this.closed) return;
    this.acks.settled(message);
    this.channel.nack(message, false, false);
  }

  /** Binds the consumed queue to `exchange` with one more key. */
  async bind(exchange: string, key: string): Promise<void> {
    await this.channel.bindQueue(this.queueName, exchange, key);
  }

  async unbind(exchange: string, key: string): Promise<void> {
    await this.channel.unbindQueue(this.queueName, exchange, key);
  }

  /**
   * Stops deliveries from the worker queue (its consumer is cancelled) while the worker holds too
   * many bytes; what was delivered can still be settled. Idempotent.
   */
  pause(): Promise<void> {
    if (this.paused) return Promise.resolve();
    // Paused from now on, so that the deliveries still arriving do not ask again.
    this.paused = true;
    this.flow = this.flow.then(async () => {
      if (this.closed || !this.paused || this.consumerTag === undefined) return;
      const tag = this.consumerTag;
      this.consumerTag = undefined;
      await this.channel.cancel(tag);
    });
    return this.flow.catch((error: unknown) => this.close(asError(error)));
  }

  /** Consumes the worker queue again after {@link AmqpSession.pause}. Idempotent. */
  resume(): Promise<void> {
    if (!this.paused || this.cancelled) return Promise.resolve();
    this.paused = false;
    this.flow = this.flow.then(async () => {
      if (this.closed || this.paused || this.consumerTag !== undefined) return;
      this.consumerTag = await this.consume();
    });
    return this.flow.catch((error: unknown) => this.close(asError(error)));
  }

  /**
   * Publishes a copy of `message` to the dead-letter queue with the reason in its headers, waits
   * for the broker's confirm, then acks the original. On failure the original stays unacked. The
   * body is handed to the connection before this returns: `message.content` may be dropped then.
   */
  async deadLetter(
    message: ConsumeMessage,
    reason: string,
    details: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    if (this.closed) return;
    const { deadLetterQueue } = this.options;
    if (deadLetterQueue === undefined || this.confirm === undefined)
      throw new Error('this session has no dead-letter queue');
    const { properties, fields } = message;
    let detailsText = JSON.stringify(details);
    if (detailsText.length > MAX_DETAILS_CHARS)
      detailsText = JSON.stringify({ truncated: detailsText.slice(0, MAX_DETAILS_CHARS) });
    await publishCopy(this.confirm, deadLetterQueue, message, {
      ...(properties.headers ?? {}),
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.details]: detailsText,
      [DEAD_LETTER_HEADERS.originalExchange]: fields.exchange,
      [DEAD_LETTER_HEADERS.originalRoutingKey]: fields.routingKey,
      [DEAD_LETTER_HEADERS.deadLetteredAt]: new Date().toISOString(),
    });
    this.ack(message);
  }

  /** Stops consuming; deliveries already received can still be settled. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.paused = true;
    await this.flow.catch(() => undefined);
    if (this.closed) return;
    if (this.consumerTag !== undefined) await this.channel.cancel(this.consumerTag);
    this.consumerTag = undefined;
  }

  /** Closes the connection; unacked messages go back to the queue. Idempotent. */
  async close(error?: Error): Promise<void> {
    if (this.closed) return;
    // Acks of this turn still go out on a deliberate close; on a lost connection they cannot.
    if (error === undefined) this.acks.flush();
    this.acks.clear();
    this.closed = true;
    this.options.onClosed(error);
    await this.connection.close().catch(() => undefined);
  }
}

// A copy with the original's properties, persistent, confirmed by the broker before it resolves.
async function publishCopy(
  confirm: ConfirmChannel,
  queue: string,
  message: ConsumeMessage,
  headers: Readonly<Record<string, unknown>>,
): Promise<void> {
  const { properties } = message;
  await new Promise<void>((resolve, reject) => {
    confirm.sendToQueue(
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

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}
