import {
  createProducer,
  type Input,
  type InputItem,
  type Output,
  type ProducerLogger,
} from '@tracey/producer-core';
import { DEFAULT_MAX_EVENT_BYTES } from '@tracey/common';
import { claimedEventId, pipelineProtocol } from '@tracey/schemas';
import { adapterError } from '../adapter-error.js';
import type { InputIssue } from '@tracey/http-kit';
import { SPOOL_FULL_REASON } from './intake-spool.js';

/** What became of one submitted value. */
export type ItemResult =
  | { readonly index: number; readonly status: 'published'; readonly id: string }
  | {
      readonly index: number;
      readonly status: 'rejected';
      readonly id?: string;
      readonly errors: readonly InputIssue[];
    };

/** What one publish did, item by item. */
export interface PublishResult {
  readonly results: readonly ItemResult[];
  readonly published: number;
  readonly rejected: number;
  /**
   * Of the published, events the broker did not confirm that wait in the intake's durable spool
   * (sent when it is back); the intake answers 202 for them.
   */
  readonly spooled: number;
  /** Ids the broker took but no queue was bound for (nobody will see them). */
  readonly unroutable: readonly string[];
}

/** The values as a producer input whose origins are their indexes. */
function indexedInput(values: readonly unknown[]): Input {
  return {
    name: 'request',
    items: () => values.map((value, index): InputItem => ({ ok: true, origin: String(index), value })),
  };
}

/**
 * Publishes events through producer-core: each value is validated with the Eiffel protocol
 * (strict: only event types and versions it knows), the valid ones go to the output in one batch
 * and count as published only once the output confirms them.
 */
export class EventPublisher {
  /**
   * @param maxEventBytes largest event (TRACEY_MAX_EVENT_BYTES); a larger one is rejected with
   *   the reason `event-too-large`, as the producers and the workers do. Default 8 MiB.
   */
  constructor(
    private readonly output: Output,
    private readonly logger?: ProducerLogger,
    readonly maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
  ) {}

  /**
   * @throws ADAPTER_BROKER_UNAVAILABLE when the output did not take every valid event, and
   *   ADAPTER_SPOOL_FULL when its spool had no room for them; the events keep their ids, so
   *   sending the same request again is safe.
   */
  async publish(values: readonly unknown[]): Promise<PublishResult> {
    const report = await createProducer({
      input: indexedInput(values),
      // Eiffel events and CDEvents alike, each validated by its own protocol.
      protocol: pipelineProtocol,
      outputs: this.output,
      batchSize: values.length + 1,
      maxRejected: values.length,
      maxEventBytes: this.maxEventBytes,
      ...(this.logger === undefined ? {} : { logger: this.logger }),
    }).run();
    if (report.failed > 0 && report.failureCodes.includes(SPOOL_FULL_REASON)) {
      throw adapterError(
        'ADAPTER_SPOOL_FULL',
        `the broker did not take the events and the spool is full; nothing was kept, send them again later`,
        { reasons: report.reasons },
      );
    }
    if (report.failed > 0) {
      throw adapterError(
        'ADAPTER_BROKER_UNAVAILABLE',
        `the broker did not take ${report.failed} of ${report.read - report.rejectedCount} events; send them again`,
        { reasons: report.reasons },
      );
    }
    const rejected = new Map(report.rejected.map((item) => [Number(item.origin), item.issues]));
    const results = values.map((value, index): ItemResult => {
      const errors = rejected.get(index);
      const id = claimedEventId(value);
      if (errors !== undefined) {
        const issues = errors.map(({ path, message }) => ({ path, message }));
        return id === undefined
          ? { index, status: 'rejected', errors: issues }
          : { index, status: 'rejected', id, errors: issues };
      }
      return { index, status: 'published', id: id ?? '' };
    });
    return {
      results,
      published: report.accepted,
      rejected: report.rejectedCount,
      spooled: report.spooled,
      unroutable: report.unroutable,
    };
  }
}
