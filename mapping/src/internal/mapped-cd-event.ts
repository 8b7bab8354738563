import { CDEVENTS_BUILD_SPEC_VERSION } from '@tracey/schemas';
import type { CloudEventInput } from '../cloud-event-mapper.js';
import { derivedEventId } from './derived-event-id.js';

/** What a mapper decides of a CDEvent; the envelope comes from the CloudEvent. */
export interface MappedCdEvent {
  /** A type of release 0.5.1, e.g. `dev.cdevents.service.deployed.0.3.0`, or a custom type. */
  readonly type: string;
  readonly subject: { readonly id: unknown; readonly source?: unknown; readonly content: unknown };
  /** Default: the CloudEvent's source. */
  readonly source?: unknown;
  readonly customData?: unknown;
}

/**
 * The `index`-th CDEvent (release 0.5.1) mapped from a CloudEvent whose `time` is set: its id
 * derived from the CloudEvent's `source` + `id`, its `timestamp` the CloudEvent's `time`, its
 * `source` the CloudEvent's unless the mapper names one. Not validated here: whoever stores it
 * validates it like any event.
 */
export function mappedCdEvent(
  event: CloudEventInput & { readonly time: string },
  mapped: MappedCdEvent,
  index = 0,
): Record<string, unknown> {
  return {
    context: {
      specversion: CDEVENTS_BUILD_SPEC_VERSION,
      id: derivedEventId(event.source, event.id, index),
      source: mapped.source ?? event.source,
      type: mapped.type,
      timestamp: event.time,
    },
    subject: mapped.subject,
    ...(mapped.customData === undefined ? {} : { customData: mapped.customData }),
  };
}

/** A CloudEvent with its `time`, or `undefined` when it has none (mapped events need one). */
export function withTime(event: CloudEventInput): (CloudEventInput & { readonly time: string }) | undefined {
  const { time } = event;
  if (typeof time === 'string' && time !== '') return event as CloudEventInput & { time: string };
  // The SDK's type allows a Date; what it hands over from the wire is text.
  if ((time as unknown) instanceof Date) return { ...event, time: (time as unknown as Date).toISOString() };
  return undefined;
}

export const NO_TIME_REASON =
  'the CloudEvent has no time: the CDEvent made of it takes its timestamp from it';
