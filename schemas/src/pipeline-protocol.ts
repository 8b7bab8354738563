import type { CdEvent } from './cdevents/cdevent.js';
import { cdeventsProtocol } from './cdevents/cdevents-protocol.js';
import { eiffelProtocol } from './eiffel/eiffel-protocol.js';
import type { EiffelEvent } from './eiffel/eiffel-event.js';
import type { Protocol } from './protocol.js';
import { protocolUnion } from './protocol-union.js';

/** An event of either protocol Tracey stores. */
export type PipelineEvent = EiffelEvent | CdEvent;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A CDEvent has a `context` and no Eiffel `meta`. */
export const isCdEventShaped = (value: unknown): boolean =>
  isObject(value) && isObject(value['context']) && !('meta' in value);

/**
 * Eiffel and CDEvents in one: what the aggregator reads from its queue and the graph stores. An
 * input with a `context` object and no `meta` is read as a CDEvent; anything else as Eiffel (whose
 * errors it gets when it is neither).
 */
export const pipelineProtocol: Protocol<PipelineEvent> = protocolUnion<PipelineEvent>('eiffel+cdevents', [
  { protocol: eiffelProtocol, claims: (value) => isObject(value) && 'meta' in value },
  { protocol: cdeventsProtocol, claims: isCdEventShaped },
]);

/**
 * The id a value claims to have, valid or not (Eiffel's `meta.id`, a CDEvent's `context.id`), cut
 * to `max` characters: for logs and for the answer about an event that was refused.
 */
export function claimedEventId(value: unknown, max = 200): string | undefined {
  if (!isObject(value)) return undefined;
  const envelope = isObject(value['meta'])
    ? value['meta']
    : isObject(value['context'])
      ? value['context']
      : undefined;
  const id = envelope?.['id'];
  return typeof id === 'string' ? id.slice(0, max) : undefined;
}
