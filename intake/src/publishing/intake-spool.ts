import type { FileSpool, Output, OutputResult, ProducerLogger } from '@tracey/producer-core';
import { failed } from '@tracey/producer-core';
import type { PublishableMessage } from '@tracey/schemas';

/** Start of the reason, and the `code`, of a batch refused because the spool has no room for it. */
export const SPOOL_FULL_REASON = 'spool-full';

/** What waits in the intake's spool, for `/ready` and `/metrics`. */
export interface IntakeSpoolState {
  readonly events: number;
  readonly bytes: number;
  readonly maxBytes: number;
  /** Age in ms of the oldest waiting event; 0 when nothing waits. */
  readonly oldestAgeMs: number;
  /** Why the last flush stopped, while events wait. */
  readonly lastError?: string;
  /** A batch was refused for want of room, and no room was freed since. */
  readonly refused: boolean;
}

export interface IntakeSpoolOptions {
  /** The broker output; what it does not take goes to the spool. */
  readonly inner: Output;
  readonly spool: FileSpool;
  /** Bytes the spool may hold; a batch that does not fit is refused with {@link SPOOL_FULL_REASON}. */
  readonly maxBytes: number;
  /** How often a non-empty spool is flushed in the background, in ms. */
  readonly flushIntervalMs: number;
  readonly logger?: ProducerLogger;
}

/**
 * The output of an HTTP intake: an accepted delivery is never lost. What the broker does not
 * confirm is written to producer-core's durable spool (fsync'd) and counts as taken (`spooled`),
 * so the intake can answer 202 with the event ids. The spool is flushed in the background and
 * before every publish (unless a flush failed within `flushIntervalMs`), oldest first, so events keep their order: while anything waits, new
 * events wait behind it. A flush sends each event id once, even when a notification delivered
 * twice during the outage spooled it twice. A full spool refuses the batch (a `failure` with
 * `code` {@link SPOOL_FULL_REASON}).
 */
export class IntakeSpool implements Output {
  readonly name: string;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  /** When the last flush stopped short; undefined after one that sent everything. */
  #flushFailedAt: number | undefined;
  /** Appends one after the other, so the room check and the write are one step. */
  #appending: Promise<unknown> = Promise.resolve();
  #state = {
    events: 0,
    bytes: 0,
    oldest: undefined as Date | undefined,
    lastError: undefined as string | undefined,
    refused: false,
  };

  constructor(private readonly options: IntakeSpoolOptions) {
    this.name = `${options.inner.name}+intake-spool`;
  }

  /** Reads what waits from an earlier run and flushes it every `flushIntervalMs` from now on. */
  async start(): Promise<void> {
    await this.#refresh();
    this.#timer ??= setInterval(() => void this.replay(), this.options.flushIntervalMs);
    this.#timer.unref();
    if (this.#state.events > 0) void this.replay();
  }

  state(): IntakeSpoolState {
    const base = {
      events: this.#state.events,
      bytes: this.#state.bytes,
      maxBytes: this.options.maxBytes,
      refused: this.#state.refused,
      oldestAgeMs:
        this.#state.oldest === undefined ? 0 : Math.max(0, Date.now() - this.#state.oldest.getTime()),
    };
    return this.#state.lastError === undefined || this.#state.events === 0
      ? base
      : { ...base, lastError: this.#state.lastError };
  }

  async publish(batch: readonly PublishableMessage[]): Promise<OutputResult> {
    if (batch.length === 0) return this.options.inner.publish(batch);
    if (!(await this.options.spool.isEmpty())) {
      // During an outage a flush per delivery would re-read the whole spool each time: after a
      // failed flush the next one is the timer's.
      if (!this.#flushFailedRecently()) await this.replay();
      // Still waiting: the new events go behind the old ones rather than overtake them.
      if (!(await this.options.spool.isEmpty())) {
        return this.#keep(batch, this.#state.lastError ?? 'events are waiting in the spool');
      }
    }
    const result = await this.options.inner.publish(batch);
    if (result.kind === 'success') return result;
    // A refusal for good (e.g. access refused) is kept too: it waits until the broker is fixed.
    return this.#keep(result.undelivered, result.reason);
  }

  /**
   * Sends what waits, oldest first, each event id once; stops at the first batch the broker does
   * not take. Concurrent calls share one flush.
   */
  replay(): Promise<void> {
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async shutdown(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#flushing?.catch(() => undefined);
    await this.options.inner.shutdown();
  }

  // Never rejects: it also runs from a timer, where a rejection would end the process.
  async #drain(): Promise<void> {
    try {
      if (await this.options.spool.isEmpty()) return;
      const sent = new Set<string>();
      const result = await this.options.spool.drain(async (batch) => {
        const fresh = batch.filter((message) => !sent.has(message.messageId));
        const outcome = await this.options.inner.publish(fresh);
        if (outcome.kind === 'success') for (const message of fresh) sent.add(message.messageId);
        return outcome;
      });
      this.#state.lastError = result.stoppedBecause;
      this.#flushFailedAt = result.stoppedBecause === undefined ? undefined : Date.now();
      if (result.delivered > 0) {
        this.options.logger?.info(
          { delivered: result.delivered, remaining: result.remaining },
          'spool flushed',
        );
      }
    } catch (error) {
      this.#failed(error);
    }
    await this.#refresh().catch((error: unknown) => this.#failed(error));
  }

  #flushFailedRecently(): boolean {
    return (
      this.#flushFailedAt !== undefined && Date.now() - this.#flushFailedAt < this.options.flushIntervalMs
    );
  }

  #failed(error: unknown): void {
    this.#flushFailedAt = Date.now();
    this.#state.lastError = error instanceof Error ? error.message : String(error);
    this.options.logger?.error({ err: error }, 'spool flush failed');
  }

  #keep(messages: readonly PublishableMessage[], reason: string): Promise<OutputResult> {
    const keeping = this.#appending.then(async (): Promise<OutputResult> => {
      const bytes = messages.reduce(
        (sum, message) => sum + Buffer.byteLength(JSON.stringify(message)) + 1,
        0,
      );
      if (this.#state.bytes + bytes > this.options.maxBytes) {
        this.#state.refused = true;
        return failed(
          `${SPOOL_FULL_REASON}: the broker did not take the events (${reason}) and the spool holds ${this.#state.bytes} of ${this.options.maxBytes} bytes, no room for ${bytes} more`,
          messages,
          SPOOL_FULL_REASON,
        );
      }
      await this.options.spool.append(messages);
      this.#state.events += messages.length;
      this.#state.bytes += bytes;
      this.#state.oldest ??= new Date();
      this.#state.lastError = reason;
      this.options.logger?.warn(
        { spooled: messages.length, reason },
        'broker did not confirm: events spooled',
      );
      return { kind: 'success', spooled: messages.length, unroutable: [], reason };
    });
    this.#appending = keeping.catch(() => undefined);
    return keeping;
  }

  async #refresh(): Promise<void> {
    const status = await this.options.spool.status();
    if (status.bytes < this.#state.bytes) this.#state.refused = false;
    this.#state.events = status.events;
    this.#state.bytes = status.bytes;
    this.#state.oldest = status.oldest;
  }

  flush(): Promise<void> {
    return this.options.inner.flush();
  }
}
