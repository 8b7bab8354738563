import type { PublishableMessage } from '@tracey/schemas';
import type { Output, OutputResult } from './output.js';
import type { DrainResult, FileSpool } from './spool.js';

export interface SpoolingOutputOptions {
  /**
   * Re-send what waits in the spool before each publish, so the next build step after an outage
   * catches up by itself. Default `true`.
   */
  readonly replayBeforePublish?: boolean;
  /** Spool messages an output refused for good too, not only the retryable ones. Default `false`. */
  readonly spoolFailures?: boolean;
}

/**
 * Wraps an output so that nothing is lost: what it cannot take now (retryable) goes to a durable
 * spool and the batch counts as a success with `spooled` set; the spool is replayed before the
 * next publish and by {@link SpoolingOutput.replay}. Ids are fixed at creation, so a replayed
 * message that had in fact arrived is an idempotent duplicate.
 */
export class SpoolingOutput implements Output {
  readonly name: string;
  readonly #replayBeforePublish: boolean;
  readonly #spoolFailures: boolean;
  #replaying: Promise<DrainResult> | undefined;

  constructor(
    private readonly inner: Output,
    readonly spool: FileSpool,
    options: SpoolingOutputOptions = {},
  ) {
    this.name = `${inner.name}+spool`;
    this.#replayBeforePublish = options.replayBeforePublish ?? true;
    this.#spoolFailures = options.spoolFailures ?? false;
  }

  async publish(batch: readonly PublishableMessage[]): Promise<OutputResult> {
    if (this.#replayBeforePublish && !(await this.spool.isEmpty())) {
      const replay = await this.replay();
      // Still down: do not pay for a second failed attempt, keep the new batch with the old ones.
      if (replay.stoppedBecause !== undefined) return this.#spoolAll(batch, replay.stoppedBecause);
    }
    const result = await this.inner.publish(batch);
    if (result.kind === 'success') return result;
    if (result.kind === 'failure' && !this.#spoolFailures) return result;
    await this.spool.append(result.undelivered);
    return { kind: 'success', spooled: result.undelivered.length, unroutable: [], reason: result.reason };
  }

  /**
   * Re-sends everything waiting in the spool through the wrapped output. Concurrent calls (batches
   * in flight) share one replay rather than racing over the same segments.
   */
  replay(): Promise<DrainResult> {
    this.#replaying ??= this.spool
      .drain((batch) => this.inner.publish(batch))
      .finally(() => {
        this.#replaying = undefined;
      });
    return this.#replaying;
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  async #spoolAll(batch: readonly PublishableMessage[], reason: string): Promise<OutputResult> {
    await this.spool.append(batch);
    return { kind: 'success', spooled: batch.length, unroutable: [], reason };
  }
}
