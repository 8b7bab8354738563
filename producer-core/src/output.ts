import type { PublishableMessage } from '@tracey/schemas';

/**
 * What an output did with a batch. Expected outcomes are values, never exceptions:
 * - `success`: every message was taken (and, for `spooled > 0`, some of them were stored locally
 *   for a later re-send instead); `unroutable` lists message ids the broker could not route.
 * - `retryable`: `undelivered` were not taken but may be later (broker down, no confirm in time).
 * - `failure`: `undelivered` were refused and re-sending the same way will not help.
 */
export type OutputResult =
  | {
      readonly kind: 'success';
      readonly spooled: number;
      readonly unroutable: readonly string[];
      /** Why some were spooled, when they were. */
      readonly reason?: string;
    }
  | {
      readonly kind: 'retryable';
      readonly reason: string;
      readonly undelivered: readonly PublishableMessage[];
    }
  | {
      readonly kind: 'failure';
      readonly reason: string;
      readonly undelivered: readonly PublishableMessage[];
      /** A stable code for callers that act on the kind of refusal (never on `reason`'s text). */
      readonly code?: string;
    };

/**
 * Where events go: an extension point with a lifecycle, like OpenTelemetry's SpanExporter.
 * `publish` is never called again after `shutdown`.
 */
export interface Output {
  /** Short name for logs and summaries, e.g. `amqp`. */
  readonly name: string;
  /** Delivers a batch; resolves with the outcome and never rejects for an expected problem. */
  publish(batch: readonly PublishableMessage[]): Promise<OutputResult>;
  /** Makes what was published durable (fsync, pending confirms). */
  flush(): Promise<void>;
  /** Flushes and releases connections and files. Idempotent. */
  shutdown(): Promise<void>;
}

/** The result of a batch that was entirely taken. */
export function delivered(unroutable: readonly string[] = []): OutputResult {
  return { kind: 'success', spooled: 0, unroutable };
}

/** The result of a batch some of which may be taken later. */
export function retryable(reason: string, undelivered: readonly PublishableMessage[]): OutputResult {
  return { kind: 'retryable', reason, undelivered };
}

/** The result of a batch some of which was refused for good; `code` says why, for callers. */
export function failed(
  reason: string,
  undelivered: readonly PublishableMessage[],
  code?: string,
): OutputResult {
  return code === undefined
    ? { kind: 'failure', reason, undelivered }
    : { kind: 'failure', reason, undelivered, code };
}
