import { createHash } from 'node:crypto';

// Tracey's namespace for ids derived from CloudEvents (a random UUID, fixed forever).
const NAMESPACE = Buffer.from('6f1c2a4e9b7d4c1e8a35d0f2b6c94e71', 'hex');

/**
 * A UUID (version 5, SHA-1 name-based, RFC 9562) of the `index`-th event mapped from the CloudEvent
 * `source` + `id`: the CloudEvents pair that identifies an event, so a redelivered CloudEvent maps
 * to the same ids (a duplicate in the graph, not a second node).
 */
export function derivedEventId(source: string, id: string, index: number): string {
  const hash = createHash('sha1')
    .update(NAMESPACE)
    .update(JSON.stringify([source, id, index]))
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
