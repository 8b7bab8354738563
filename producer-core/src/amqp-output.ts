import type { Options } from 'amqplib';
import type { PublishableMessage } from '@tracey/schemas';
import { AmqpChannelSource, type AmqpConnectionOptions } from './internal/amqp-channel-source.js';
import { describeAmqpError, isRetryableAmqpError } from './internal/amqp-errors.js';
import { withDeadline } from '@tracey/common';
import type { BackoffOptions } from './internal/backoff.js';
import type { ProducerLogger } from './producer-logger.js';
import { delivered, failed, retryable, type Output, type OutputResult } from './output.js';

export interface AmqpOutputOptions {
  /** Broker URL, e.g. `amqp://guest:guest@127.0.0.1:5672`. */
  readonly url: string;
  /** Durable topic exchange, declared on connect. */
  readonly exchange: string;
  /** Longest wait for the broker to confirm a batch, in ms. Default 10000. */
  readonly confirmTimeoutMs?: number;
  /** Longest wait for a TCP connection, in ms. Default 5000. */
  readonly connectTimeoutMs?: number;
  /** Reconnect attempts and delays before a batch is reported retryable. */
  readonly reconnect?: BackoffOptions;
  /** `app-id` of every message. Default `tracey`. */
  readonly appId?: string;
  readonly logger?: ProducerLogger;
}

interface Pending {
  readonly message: PublishableMessage;
  confirmed: boolean;
  error?: unknown;
}

/**
 * Publishes to a durable topic exchange with publisher confirms: persistent messages with
 * `content-type` and `message-id`, `mandatory` so unroutable messages come back and are reported,
 * a confirm timeout, and reconnects with backoff when the connection is lost.
 */
export class AmqpOutput implements Output {
  readonly name = 'amqp';
  readonly #source: AmqpChannelSource;
  readonly #confirmTimeoutMs: number;
  readonly #appId: string;

  constructor(private readonly options: AmqpOutputOptions) {
    const connection: AmqpConnectionOptions = {
      url: options.url,
      exchange: options.exchange,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      reconnect: options.reconnect ?? {},
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    };
    this.#source = new AmqpChannelSource(connection);
    this.#confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
    this.#appId = options.appId ?? 'tracey';
  }

  async publish(batch: readonly PublishableMessage[]): Promise<OutputResult> {
    if (batch.length === 0) return delivered();
    let channel;
    try {
      channel = await this.#source.channel();
    } catch (error) {
      const reason = `cannot reach the broker: ${describeAmqpError(error)}`;
      return isRetryableAmqpError(error) ? retryable(reason, batch) : failed(reason, batch);
    }
    const pending: Pending[] = batch.map((message) => ({ message, confirmed: false }));
    const confirms = pending.map(
      (entry) =>
        new Promise<void>((resolve) => {
          const options: Options.Publish = {
            persistent: true,
            mandatory: true,
            contentType: entry.message.contentType,
            messageId: entry.message.messageId,
            appId: this.#appId,
          };
          const callback = (error: unknown): void => {
            if (error === null || error === undefined) entry.confirmed = true;
            else entry.error = error;
            resolve();
          };
          try {
            channel.publish(
              this.options.exchange,
              entry.message.routingKey,
              Buffer.from(entry.message.body),
              options,
              callback,
            );
          } catch (error) {
            callback(error ?? new Error('publish failed'));
          }
        }),
    );
    // The confirms never reject: a rejection is the time running out.
    const timedOut = await withDeadline(Promise.all(confirms), this.#confirmTimeoutMs, 'confirms').then(
      () => false,
      () => true,
    );
    const undelivered = pending.filter((entry) => !entry.confirmed).map((entry) => entry.message);
    const unroutable = batch.map((m) => m.messageId).filter((id) => this.#source.takeReturned(id));
    if (undelivered.length === 0) return delivered(unroutable);
    if (timedOut) this.#source.discard(); // an unanswered channel is not trusted again
    const cause = this.#source.lastError ?? pending.find((entry) => entry.error !== undefined)?.error;
    const reason = timedOut
      ? `the broker did not confirm ${undelivered.length} of ${batch.length} messages within ${this.#confirmTimeoutMs} ms`
      : `the broker did not take ${undelivered.length} of ${batch.length} messages: ${describeAmqpError(cause)}`;
    return retryable(reason, undelivered);
  }

  /**
   * Opens the connection and channel now (reusing open ones): a readiness probe for services.
   * @throws the broker's error when it cannot be reached within the reconnect budget.
   */
  async connect(): Promise<void> {
    await this.#source.channel();
  }

  async flush(): Promise<void> {
    await this.#source.waitForConfirms();
  }

  async shutdown(): Promise<void> {
    await this.#source.close();
  }
}
