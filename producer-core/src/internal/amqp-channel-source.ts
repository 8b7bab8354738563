import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { amqpTlsSocketOptions, connectToFirst, retry, withDeadline } from '@tracey/common';
import type { ProducerLogger } from '../producer-logger.js';
import { isRetryableAmqpError } from './amqp-errors.js';
import { backoffPolicy, type BackoffOptions } from './backoff.js';

export interface AmqpConnectionOptions {
  readonly url: string;
  readonly exchange: string;
  readonly connectTimeoutMs: number;
  readonly reconnect: BackoffOptions;
  readonly logger?: ProducerLogger;
}

/**
 * One confirm channel on one connection, opened on first use and opened again (with backoff)
 * after the connection or channel is lost. amqplib is imported only when a channel is first
 * needed, so a process that publishes nowhere does not pay for loading it.
 */
export class AmqpChannelSource {
  #connection: ChannelModel | undefined;
  #channel: ConfirmChannel | undefined;
  #opening: Promise<ConfirmChannel> | undefined;
  #closed = false;
  // Aborted by close(): ends a reconnect wait at once.
  readonly #closing = new AbortController();
  #lastError: Error | undefined;
  /** Ids of messages the broker returned as unroutable, until the batch that sent them takes them. */
  readonly #returned = new Set<string>();

  constructor(private readonly options: AmqpConnectionOptions) {}

  /** The open channel, connecting (and retrying with backoff) when there is none. */
  channel(): Promise<ConfirmChannel> {
    if (this.#closed) return Promise.reject(new Error('AMQP output is shut down'));
    if (this.#channel !== undefined) return Promise.resolve(this.#channel);
    this.#opening ??= this.#openWithRetries().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** Whether the broker returned message `id` as unroutable (forgets it once asked). */
  takeReturned(id: string): boolean {
    return this.#returned.delete(id);
  }

  /** The last error the broker closed a channel or connection with (its reason is the useful one). */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** Forgets the current channel and connection (closing them quietly); the next use reconnects. */
  discard(): void {
    const connection = this.#connection;
    this.#channel = undefined;
    this.#connection = undefined;
    connection?.close().catch(() => undefined);
  }

  async waitForConfirms(): Promise<void> {
    await this.#channel?.waitForConfirms();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#closing.abort();
    await this.#opening?.catch(() => undefined);
    const connection = this.#connection;
    const channel = this.#channel;
    this.#channel = undefined;
    this.#connection = undefined;
    if (channel !== undefined) await this.#closeQuietly(channel, 'channel');
    if (connection !== undefined) await this.#closeQuietly(connection, 'connection');
  }

  // Closes, ignoring failure; a close the broker never answers (a node gone mid-close) is given
  // up after the connect timeout rather than holding the process.
  async #closeQuietly(closable: { close(): Promise<void> }, what: string): Promise<void> {
    await withDeadline(closable.close(), this.options.connectTimeoutMs, `closing the AMQP ${what}`).catch(
      () => undefined,
    );
  }

  #openWithRetries(): Promise<ConfirmChannel> {
    const { reconnect, logger } = this.options;
    return retry(
      async (attempt) => {
        // Connecting, opening the channel and declaring the exchange: each a round trip, all
        // within twice the connect timeout, or the attempt fails (retryable) and backs off; a
        // connection that opens after that is closed again, not kept beside the next one.
        const abandoned = { now: false };
        try {
          return await withDeadline(
            this.#open(abandoned),
            2 * this.options.connectTimeoutMs,
            'opening an AMQP channel',
          );
        } catch (error) {
          abandoned.now = true;
          logger?.debug({ attempt, err: error }, 'AMQP connect failed');
          throw error;
        }
      },
      {
        policy: backoffPolicy(reconnect),
        attempts: Math.max(1, reconnect.attempts ?? 3),
        retryable: isRetryableAmqpError,
        signal: this.#closing.signal,
      },
    );
  }

  async #open(abandoned: { readonly now: boolean }): Promise<ConfirmChannel> {
    const { connect } = await import('amqplib');
    // `url` may list a cluster's nodes: the first that answers, a different one first each time.
    const connection = await connectToFirst(this.options.url, (url) =>
      connect(url, {
        // amqps://: the CA and client certificate the environment names (TRACEY_AMQP_*_FILE).
        ...amqpTlsSocketOptions(url),
        timeout: this.options.connectTimeoutMs,
        // Without it the handshake waits on delayed ACKs: ~40 ms more per connection.
        noDelay: true,
        clientProperties: { connection_name: 'tracey-producer' },
      }),
    );
    connection.on('error', (error: Error) => {
      this.#lastError = error;
      this.options.logger?.warn({ err: error }, 'AMQP connection error');
    });
    connection.on('close', () => {
      if (this.#connection === connection) {
        this.#connection = undefined;
        this.#channel = undefined;
      }
    });
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: Error) => {
        this.#lastError = error;
        this.options.logger?.warn({ err: error }, 'AMQP channel error');
      });
      // One listener per channel, whatever the number of batches in flight.
      channel.on('return', (message: { properties: { messageId?: unknown } }) => {
        if (typeof message.properties.messageId === 'string')
          this.#returned.add(message.properties.messageId);
      });
      channel.on('close', () => {
        if (this.#channel === channel) this.discard();
      });
      await channel.assertExchange(this.options.exchange, 'topic', { durable: true });
      if (abandoned.now) throw new Error('the AMQP channel opened after its deadline');
      this.#connection = connection;
      this.#channel = channel;
      this.#lastError = undefined;
      return channel;
    } catch (error) {
      await this.#closeQuietly(connection, 'connection');
      throw error;
    }
  }
}
