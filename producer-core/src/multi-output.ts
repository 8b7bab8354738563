import type { PublishableMessage } from '@tracey/schemas';
import type { Output, OutputResult } from './output.js';

/**
 * Sends every batch to each of several outputs and combines the outcomes: a failure anywhere is a
 * failure, else a retryable anywhere is retryable (re-sending to all is safe: ids are fixed, so a
 * repeat is an idempotent duplicate).
 */
export class MultiOutput implements Output {
  readonly name: string;

  constructor(private readonly outputs: readonly Output[]) {
    this.name = outputs.map((output) => output.name).join('+');
  }

  async publish(batch: readonly PublishableMessage[]): Promise<OutputResult> {
    const results = await Promise.all(this.outputs.map((output) => output.publish(batch)));
    return combineResults(results);
  }

  async flush(): Promise<void> {
    await Promise.all(this.outputs.map((output) => output.flush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.outputs.map((output) => output.shutdown()));
  }
}

/** Combines the outcomes of one batch sent to several outputs. */
export function combineResults(results: readonly OutputResult[]): OutputResult {
  const undelivered = new Map<string, PublishableMessage>();
  const reasons: string[] = [];
  let kind: OutputResult['kind'] = 'success';
  let spooled = 0;
  const unroutable = new Set<string>();
  for (const result of results) {
    if (result.kind === 'success') {
      spooled += result.spooled;
      for (const id of result.unroutable) unroutable.add(id);
      if (result.reason !== undefined) reasons.push(result.reason);
      continue;
    }
    if (result.kind === 'failure' || kind === 'success') kind = result.kind;
    reasons.push(result.reason);
    for (const message of result.undelivered) undelivered.set(message.messageId, message);
  }
  const reason = reasons.join('; ');
  if (kind === 'success') {
    return reason === ''
      ? { kind, spooled, unroutable: [...unroutable] }
      : { kind, spooled, unroutable: [...unroutable], reason };
  }
  return { kind, reason, undelivered: [...undelivered.values()] };
}
