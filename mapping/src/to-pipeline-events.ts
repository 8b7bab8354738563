import type { CloudEventInput, CloudEventMapper, MappingResult } from './cloud-event-mapper.js';
import { isCdEventsCloudEvent, passCdEventThrough } from './cdevent-pass-through.js';

/**
 * The pipeline events a CloudEvent stands for. CDEvents (type `dev.cdevents.*` and custom
 * `dev.cdeventsx.*`) pass through: the data is the CDEvent (an object, or JSON text or bytes,
 * parsed). Other CloudEvents go to the first of `mappers` that matches; none matching is a
 * refusal naming `type`. The events are not validated here: the caller validates each.
 */
export function toPipelineEvents(
  event: CloudEventInput,
  mappers: readonly CloudEventMapper[],
): MappingResult {
  if (isCdEventsCloudEvent(event)) return passCdEventThrough(event);
  const mapper = mappers.find((candidate) => candidate.matches(event));
  if (mapper === undefined) {
    return {
      ok: false,
      field: 'type',
      reason: `no mapper takes CloudEvents of type "${event.type}" (source "${event.source}"); see docs/cdevents.md#mappers`,
    };
  }
  return mapper.map(event);
}
