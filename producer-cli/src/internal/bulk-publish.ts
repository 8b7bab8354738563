import { createProducer, jsonInput, type Output, type ProduceReport } from '@tracey/producer-core';
import { cdeventsProtocol, eiffelProtocol, pipelineProtocol, type Protocol } from '@tracey/schemas';
import { ProgressLine } from './progress-line.js';

/**
 * The protocols `--protocol` names: `auto` tells each event by its shape (Eiffel's `meta`, a
 * CDEvent's `context`); `eiffel` or `cdevents` take only that one, so a file of the other is
 * refused event by event, naming the field the protocol misses.
 */
export type FileProtocol = 'auto' | 'eiffel' | 'cdevents';
export const FILE_PROTOCOLS: Readonly<Record<FileProtocol, Protocol<unknown>>> = {
  auto: pipelineProtocol,
  eiffel: eiffelProtocol,
  cdevents: cdeventsProtocol,
};

export interface BulkOptions {
  /** Default `auto`. */
  readonly protocol?: FileProtocol;
  readonly path: string;
  readonly output: Output;
  readonly batchSize: number;
  /** Batches waiting for their confirms at once. */
  readonly inFlight: number;
  /** Where progress goes; a bar only when it is a terminal. */
  readonly progress: NodeJS.WriteStream;
  /** Largest event (TRACEY_MAX_EVENT_BYTES); a larger one is rejected as `event-too-large`. */
  readonly maxEventBytes: number;
}

export interface BulkReport extends ProduceReport {
  readonly seconds: number;
}

/** Publishes every event of a JSON/NDJSON file (or `-`, stdin), with a progress bar on a TTY. */
export async function bulkPublish(options: BulkOptions): Promise<BulkReport> {
  const started = performance.now();
  const progress = new ProgressLine(options.progress);
  const producer = createProducer({
    input: jsonInput({ path: options.path }),
    // Eiffel events and CDEvents, each told by its shape and validated by its own protocol.
    protocol: FILE_PROTOCOLS[options.protocol ?? 'auto'],
    outputs: options.output,
    batchSize: options.batchSize,
    concurrency: options.inFlight,
    maxEventBytes: options.maxEventBytes,
    onProgress: (report) => progress.update(report.read, report.accepted, report.rejectedCount),
  });
  try {
    const report = await producer.run();
    return { ...report, seconds: (performance.now() - started) / 1000 };
  } finally {
    progress.done();
    await producer.shutdown();
  }
}

/** The summary line of a bulk publish. */
export function bulkSummary(report: BulkReport, outputName: string): string {
  const rate = report.seconds > 0 ? Math.round(report.accepted / report.seconds) : report.accepted;
  const parts = [
    `${report.accepted} of ${report.read} events to ${outputName} in ${report.seconds.toFixed(2)} s (${rate}/s)`,
  ];
  if (report.spooled > 0) parts.push(`${report.spooled} spooled`);
  if (report.rejectedCount > 0) parts.push(`${report.rejectedCount} invalid`);
  if (report.unroutable.length > 0) parts.push(`${report.unroutable.length} unroutable`);
  if (report.failed > 0) parts.push(`${report.failed} failed`);
  return `tracey: published ${parts.join(', ')}`;
}
