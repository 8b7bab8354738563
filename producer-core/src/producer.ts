import { DEFAULT_MAX_EVENT_BYTES } from '@tracey/common';
import {
  encodeForPublish,
  type Protocol,
  type PublishableMessage,
  type ValidationIssue,
} from '@tracey/schemas';
import type { Input } from './input.js';
import { MultiOutput } from './multi-output.js';
import type { Output, OutputResult } from './output.js';
import type { ProducerLogger } from './producer-logger.js';

/** A piece of input that did not become an event, and every reason why. */
export interface RejectedItem {
  readonly origin: string;
  readonly issues: readonly Pick<ValidationIssue, 'path' | 'message'>[];
}

/** What one run of a producer did. */
export interface ProduceReport {
  /** Items read from the input. */
  readonly read: number;
  /** Events the outputs took (spooled ones included). */
  readonly accepted: number;
  /** Of those, events stored in a spool for a later re-send. */
  readonly spooled: number;
  /** Ids of accepted events no queue was bound for. */
  readonly unroutable: readonly string[];
  /** Input that is not a valid event; at most `maxRejected` are kept, `rejectedCount` counts all. */
  readonly rejected: readonly RejectedItem[];
  readonly rejectedCount: number;
  /** Events an output refused for good, and why. */
  readonly failed: number;
  /** Why events were spooled or refused, when some were. */
  readonly reasons: readonly string[];
  /** The distinct `code`s of the refusals that had one (e.g. a full spool). */
  readonly failureCodes: readonly string[];
}

/** Bytes of event JSON in one batch at most, by default (16 MiB: two 8 MiB events). */
export const DEFAULT_BATCH_BYTES = 16 * 1024 * 1024;

export interface ProducerOptions<E> {
  readonly input: Input;
  readonly protocol: Protocol<E>;
  /** One output, or several (combined with {@link MultiOutput}). */
  readonly outputs: Output | readonly Output[];
  /** Events per `publish` call. Default 1000. */
  readonly batchSize?: number;
  /**
   * Bytes of event JSON per `publish` call at most, whatever the count (an event larger than this
   * goes in a batch of its own). Default {@link DEFAULT_BATCH_BYTES} (16 MiB). Large events are
   * then published a few at a time, each batch waiting for the broker's confirms, instead of a
   * thousand at once: the broker queues them no faster than it writes them, the small events
   * published beside them are not left behind a backlog of gigabytes, and a batch's confirms
   * come within the confirm timeout.
   */
  readonly batchBytes?: number;
  /**
   * Batches in flight at once (each waits for its confirms while the next is sent). Default 1;
   * bulk publishing to a broker wants a few, so that its fsyncs overlap with sending.
   */
  readonly concurrency?: number;
  /**
   * Largest event (bytes of its JSON) to publish; a larger one is rejected as `event-too-large`.
   * Default {@link DEFAULT_MAX_EVENT_BYTES} (8 MiB), what the workers store.
   */
  readonly maxEventBytes?: number;
  /** Publish events the protocol can check only at envelope level. Default `false`. */
  readonly allowUnverified?: boolean;
  /** Rejected items kept in the report (all are counted). Default 100. */
  readonly maxRejected?: number;
  /** Called after each batch with the running report. */
  readonly onProgress?: (report: ProduceReport) => void;
  readonly logger?: ProducerLogger;
}

/** A producer: reads its input, validates with its protocol, publishes to its outputs. */
export interface Producer {
  run(): Promise<ProduceReport>;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Assembles a producer from an input, a protocol and one or more outputs. */
export function createProducer<E>(options: ProducerOptions<E>): Producer {
  const output = Array.isArray(options.outputs)
    ? options.outputs.length === 1
      ? (options.outputs[0] as Output)
      : new MultiOutput(options.outputs)
    : (options.outputs as Output);
  const batchSize = options.batchSize ?? 1000;
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  const maxRejected = options.maxRejected ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const encodeOptions = {
    allowUnverified: options.allowUnverified ?? false,
    maxBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
  };

  return {
    async run() {
      const report = newTally();
      let batch: PublishableMessage[] = [];
      let bytes = 0;
      const inFlight = new Set<Promise<void>>();
      const send = async (): Promise<void> => {
        if (batch.length === 0) return;
        const size = batch.length;
        bytes = 0;
        const sending = output.publish(batch).then((result) => {
          tallyResult(report, size, result, options.logger);
          options.onProgress?.(snapshot(report));
        });
        batch = [];
        const tracked = sending.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        // Bounded: at most `concurrency` batches are held in memory at once.
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
      };
      for await (const item of options.input.items()) {
        report.read += 1;
        if (!item.ok) {
          reject(report, maxRejected, { origin: item.origin, issues: [{ path: '', message: item.reason }] });
          continue;
        }
        const encoded = encodeForPublish(options.protocol, item.value, encodeOptions);
        if (!encoded.ok) {
          reject(report, maxRejected, { origin: item.origin, issues: encoded.errors });
          continue;
        }
        const size = Buffer.byteLength(encoded.message.body);
        if (batch.length > 0 && bytes + size > batchBytes) await send();
        batch.push(encoded.message);
        bytes += size;
        if (batch.length >= batchSize) await send();
      }
      await send();
      await Promise.all(inFlight);
      return snapshot(report);
    },
    flush: () => output.flush(),
    shutdown: () => output.shutdown(),
  };
}

type Tally = {
  -readonly [K in keyof ProduceReport]: ProduceReport[K] extends readonly (infer T)[]
    ? T[]
    : ProduceReport[K];
};

function newTally(): Tally {
  return {
    read: 0,
    accepted: 0,
    spooled: 0,
    unroutable: [],
    rejected: [],
    rejectedCount: 0,
    failed: 0,
    reasons: [],
    failureCodes: [],
  };
}

function snapshot(tally: Tally): ProduceReport {
  return {
    ...tally,
    unroutable: [...tally.unroutable],
    rejected: [...tally.rejected],
    reasons: [...tally.reasons],
    failureCodes: [...tally.failureCodes],
  };
}

function reject(tally: Tally, max: number, item: RejectedItem): void {
  tally.rejectedCount += 1;
  if (tally.rejected.length < max) tally.rejected.push(item);
}

function tallyResult(
  tally: Tally,
  size: number,
  result: OutputResult,
  logger: ProducerLogger | undefined,
): void {
  const addReason = (reason: string): void => {
    if (!tally.reasons.includes(reason)) tally.reasons.push(reason);
  };
  if (result.kind === 'success') {
    tally.accepted += size;
    tally.spooled += result.spooled;
    tally.unroutable.push(...result.unroutable);
    if (result.reason !== undefined) addReason(result.reason);
    if (result.spooled > 0)
      logger?.warn({ spooled: result.spooled, reason: result.reason }, 'events spooled');
    return;
  }
  // Without a spool, a retryable outcome loses events just like a failure: both are counted.
  tally.accepted += size - result.undelivered.length;
  tally.failed += result.undelivered.length;
  addReason(result.reason);
  if (result.kind === 'failure' && result.code !== undefined && !tally.failureCodes.includes(result.code))
    tally.failureCodes.push(result.code);
  logger?.error({ failed: result.undelivered.length, reason: result.reason }, 'events not published');
}
