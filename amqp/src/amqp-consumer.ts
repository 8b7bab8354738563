import { reconnectLoop, type BackoffPolicy } from '@tracey/common';
import { AmqpSession, type AmqpSessionOptions } from './amqp-session.js';
import type { ConsumerLogger } from './consumer-logger.js';

export interface AmqpConsumerOptions extends Omit<AmqpSessionOptions, 'onClosed'> {
  /** Backoff of reconnects. Default 200 ms doubling to 5 s. */
  readonly reconnect?: BackoffPolicy;
  /** Failed connects before {@link AmqpConsumer.start} gives up. Default: never gives up. */
  readonly connectAttempts?: number;
  readonly logger?: ConsumerLogger;
  /** A new session consumes. */
  readonly onConnected?: (session: AmqpSession) => void;
  /**
   * A session ended (also on {@link AmqpConsumer.close}): what it delivered and did not settle, the
   * broker delivers again; settling it on this session does nothing.
   */
  readonly onLost?: (session: AmqpSession) => void;
}

/** Default backoff of reconnects. */
export const DEFAULT_RECONNECT: BackoffPolicy = { initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * One queue consumed for as long as it runs: an {@link AmqpSession} (declare, prefetch, consume,
 * settle), opened again with backoff whenever the connection or a channel is lost.
 */
export class AmqpConsumer {
  private current: AmqpSession | undefined;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: AmqpConsumerOptions) {}

  /** The session of the moment; closed ones stay until the next opens. */
  get session(): AmqpSession | undefined {
    return this.current;
  }

  /**
   * Connects and consumes; resolves once the first session consumes, then keeps reconnecting in
   * the background. Rejects after `connectAttempts` failed connects, or when closed before.
   */
  start(): Promise<void> {
    const { options } = this;
    let everConnected = false;
    return new Promise<void>((started, failed) => {
      this.loop = reconnectLoop<{ session: AmqpSession; ended: Promise<Error | undefined> }>({
        connect: async () => {
          let ended!: (error: Error | undefined) => void;
          const closed = new Promise<Error | undefined>((resolve) => (ended = resolve));
          const session = await AmqpSession.open({ ...options, onClosed: ended });
          return { session, ended: closed };
        },
        ended: ({ ended }) => ended,
        close: ({ session }) => session.close(),
        policy: options.reconnect ?? DEFAULT_RECONNECT,
        signal: this.stopping.signal,
        onConnected: ({ session }) => {
          this.current = session;
          everConnected = true;
          options.onConnected?.(session);
          started();
        },
        onEnded: (error, { session }) => {
          options.onLost?.(session);
          if (!this.stopping.signal.aborted)
            options.logger?.warn({ err: error }, 'RabbitMQ connection lost; reconnecting');
        },
        onConnectFailed: (error, attempt) => {
          if (!everConnected && attempt >= (options.connectAttempts ?? Infinity)) throw error;
          options.logger?.warn({ err: error, attempt }, 'cannot connect to RabbitMQ; retrying');
        },
      })
        .catch((error: unknown) => failed(error instanceof Error ? error : new Error(String(error))))
        .finally(() => failed(new Error('the consumer stopped before it could consume')));
    });
  }

  /** Stops consuming and reconnecting; what was delivered can still be settled. */
  async cancel(): Promise<void> {
    this.stopping.abort();
    await this.current?.cancel();
  }

  /** Stops, closes the session (what it did not settle goes back to the queue) and waits for the end. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.current?.close();
    await this.loop;
  }
}
