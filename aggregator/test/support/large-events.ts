import { readFileSync } from 'node:fs';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import { eiffelEvent, eiffelProtocol, encodeForPublish } from '@tracey/schemas';

/** A valid artifact event whose JSON is about `bytes` long (a test report in `customData`). */
export function sizedEvent(bytes: number, name: string): { id: string; body: string; routingKey: string } {
  const event = eiffelEvent('EiffelArtifactCreatedEvent', {
    identity: `pkg:generic/${name}@1.0.0`,
    customData: bytes > 0 ? [{ key: 'report', value: 'r'.repeat(bytes) }] : [],
  }).build();
  const encoded = encodeForPublish(eiffelProtocol, event);
  if (!encoded.ok) throw new Error(`test event does not encode: ${JSON.stringify(encoded.errors)}`);
  return {
    id: encoded.message.messageId,
    body: encoded.message.body,
    routingKey: encoded.message.routingKey,
  };
}

/** Publishes one event body with confirms' bookkeeping left to the caller; returns the publish time. */
export async function publishBody(
  channel: ConfirmChannel,
  exchange: string,
  event: { id: string; body: string; routingKey: string },
): Promise<number> {
  const publishedAt = Date.now();
  const ok = channel.publish(exchange, event.routingKey, Buffer.from(event.body), {
    contentType: eiffelProtocol.contentType,
    messageId: event.id,
    persistent: true,
    headers: { timestamp_in_ms: publishedAt },
  });
  if (!ok) await new Promise((resolve) => channel.once('drain', resolve));
  return publishedAt;
}

/** `storedAt` of each stored event among `ids`. */
export async function storedTimes(driver: Driver, ids: readonly string[]): Promise<Map<string, number>> {
  const result = await driver.executeQuery(
    'UNWIND $ids AS id MATCH (n:Event {id: id}) WHERE n.storedAt IS NOT NULL RETURN n.id AS id, n.storedAt AS at',
    { ids },
    { routing: 'READ' },
  );
  return new Map(result.records.map((record) => [record.get('id') as string, Number(record.get('at'))]));
}

/** The `p`-th percentile (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Peak resident memory of a process so far (`VmHWM`), in bytes. */
export function peakRss(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) * 1024;
}
