import type { CloudEventInput, MappingResult } from './cloud-event-mapper.js';
import { refuse } from './cloud-event-mapper.js';
import { cloudEventData, isJsonObject } from './internal/cloud-event-data.js';

/** The name CDEvents passed through are reported under. */
export const CDEVENTS_PASS_THROUGH = 'cdevents';

// `dev.cdevents.<subject>.<predicate>.<version>` and custom `dev.cdeventsx.…` types.
const CDEVENTS_TYPE = /^dev\.cdeventsx?\./;

/** True for a CloudEvent whose type is a CDEvents type: its data is the CDEvent. */
export const isCdEventsCloudEvent = (event: CloudEventInput): boolean => CDEVENTS_TYPE.test(event.type);

/**
 * A CDEvent carried as a CloudEvent (the CDEvents CloudEvents binding: ce `id`, `type`, `source`
 * are the CDEvent's `context.id`, `type`, `source`), taken out of it. Refused when the data is no
 * JSON object or names another id or type than the CloudEvent does; not validated here.
 */
export function passCdEventThrough(event: CloudEventInput): MappingResult {
  const data = cloudEventData(event);
  if (!data.ok)
    return refuse('data', `a CloudEvent of type "${event.type}" carries a CDEvent: ${data.reason}`);
  if (!isJsonObject(data.value)) return refuse('data', 'the CDEvent must be a JSON object');
  const context = data.value['context'];
  if (!isJsonObject(context)) return refuse('data.context', 'the CDEvent has no context object');
  for (const attribute of ['id', 'type'] as const) {
    if (context[attribute] !== event[attribute]) {
      return refuse(
        `data.context.${attribute}`,
        `must equal the CloudEvent's ${attribute} "${event[attribute]}" (CDEvents' CloudEvents binding); got ${JSON.stringify(context[attribute]) ?? 'nothing'}`,
      );
    }
  }
  return { ok: true, mapper: CDEVENTS_PASS_THROUGH, events: [data.value] };
}
