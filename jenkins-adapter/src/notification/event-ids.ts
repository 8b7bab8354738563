import { createHash } from 'node:crypto';

/** Namespace of the adapter's name-based ids (a fixed random UUID; never change it). */
export const JENKINS_ID_NAMESPACE = '3d0c5e8a-6f4b-4c2e-9a71-5b8e2f1d7c60';

/** A name-based UUID (version 5, RFC 9562): SHA-1 of the namespace bytes and the name. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * What identifies one run of a Jenkins build: its URL and, when the plugin sends it, its queue id
 * (`BUILD_URL#QUEUE_ID`). The URL alone is not enough: a job or multibranch branch deleted and
 * created again numbers its builds from 1 again under the same URLs, and the queue id, a counter
 * of the whole Jenkins that every phase of a run reports, tells the two builds #1 apart.
 */
export function buildIdentity(buildUrl: string, queueId: number | undefined): string {
  return queueId === undefined ? buildUrl : `${buildUrl}#${queueId}`;
}

/** Which event of a build an id is for. */
export type BuildEventKind = 'triggered' | 'started' | 'finished' | { readonly artifact: string };

/**
 * The id of one event of one build run (its {@link buildIdentity}), the same for every delivery
 * of every notification that leads to it: a repeated notification yields the same id, and the aggregator stores it once.
 * COMPLETED and FINALIZED both lead to `finished`, on purpose.
 */
export function buildEventId(identity: string, kind: BuildEventKind): string {
  const name = typeof kind === 'string' ? kind : `artifact:${kind.artifact}`;
  return uuidV5(JENKINS_ID_NAMESPACE, `${identity}\n${name}`);
}
