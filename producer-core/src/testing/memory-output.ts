import type { PublishableMessage } from '@tracey/schemas';
import { delivered, type Output, type OutputResult } from '../output.js';

/**
 * An output that keeps what it receives in memory: the test double shipped with the package.
 * Queue outcomes with {@link MemoryOutput.failNext} to exercise retry and spool paths.
 */
export class MemoryOutput implements Output {
  readonly name: string;
  readonly messages: PublishableMessage[] = [];
  readonly #scripted: ((batch: readonly PublishableMessage[]) => OutputResult)[] = [];
  #shutdown = false;

  constructor(name = 'memory') {
    this.name = name;
  }

  /** The next `publish` returns what `outcome` makes of the batch, taking nothing. */
  failNext(outcome: (batch: readonly PublishableMessage[]) => OutputResult): this {
    this.#scripted.push(outcome);
    return this;
  }

  /** Whether {@link MemoryOutput.shutdown} was called. */
  get isShutdown(): boolean {
    return this.#shutdown;
  }

  /** Ids of the received messages, in order. */
  ids(): string[] {
    return this.messages.map((message) => message.messageId);
  }

  publish(batch: readonly PublishableMessage[]): Promise<OutputResult> {
    if (this.#shutdown) throw new Error('MemoryOutput.publish after shutdown');
    const scripted = this.#scripted.shift();
    if (scripted !== undefined) return Promise.resolve(scripted(batch));
    this.messages.push(...batch);
    return Promise.resolve(delivered());
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#shutdown = true;
    return Promise.resolve();
  }
}
