import { CloudEvent, ValidationError } from 'cloudevents';
import type { CloudEventInput } from '@tracey/mapping';

/** The parts of a broker message the CloudEvents AMQP binding reads. */
export interface CloudEventsMessage {
  readonly content: Buffer;
  readonly contentType?: string | undefined;
  /** AMQP 0-9-1 headers: the application properties of the binding. */
  readonly headers?: Readonly<Record<string, unknown>> | undefined;
}

/** What a message holds: no CloudEvent (a plain event), CloudEvents, or a CloudEvent that is invalid. */
export type CloudEventsRead =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'cloudevents';
      readonly mode: 'binary' | 'structured';
      readonly events: readonly CloudEventInput[];
    }
  | { readonly kind: 'invalid'; readonly field: string; readonly reason: string };

// `cloudEvents_` since binding 1.0.1 (JMS names cannot have `:`), `cloudEvents:` before and still sent.
const PREFIXES = ['cloudEvents_', 'cloudEvents:'];
const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';

const mediaType = (contentType: string | undefined) =>
  (contentType?.split(';')[0] ?? '').trim().toLowerCase();
const isJsonMedia = (media: string) =>
  media === 'application/json' || media === 'text/json' || media.endsWith('+json');
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The CloudEvents a broker message carries under the CloudEvents AMQP protocol binding: structured
 * mode (`content-type: application/cloudevents+json`, the event as JSON in the body; a batch with
 * `application/cloudevents-batch+json`) or binary mode (attributes as `cloudEvents_*` or
 * `cloudEvents:*` headers, the data in the body, `content-type` its `datacontenttype`). A message
 * with neither is `none`. Each event is checked by the CloudEvents SDK.
 */
export function readCloudEvents(message: CloudEventsMessage): CloudEventsRead {
  const media = mediaType(message.contentType);
  if (media === STRUCTURED || media === BATCH) return readStructured(message.content, media === BATCH);
  if (media.startsWith('application/cloudevents'))
    return {
      kind: 'invalid',
      field: 'content-type',
      reason: `event format ${media} is not supported; use ${STRUCTURED}`,
    };
  const attributes = binaryAttributes(message.headers);
  if (attributes === undefined) return { kind: 'none' };
  if (message.contentType !== undefined) attributes['datacontenttype'] = message.contentType;
  if (message.content.length > 0) {
    if (isJsonMedia(media)) {
      try {
        attributes['data'] = JSON.parse(message.content.toString('utf8')) as unknown;
      } catch (error) {
        return {
          kind: 'invalid',
          field: 'data',
          reason: `is not the JSON its content type ${media} says: ${(error as Error).message}`,
        };
      }
    } else {
      attributes['data'] = message.content;
    }
  }
  const built = cloudEvent(attributes, '');
  return built.ok ? { kind: 'cloudevents', mode: 'binary', events: [built.event] } : invalid(built);
}

function readStructured(content: Buffer, batch: boolean): CloudEventsRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch (error) {
    return {
      kind: 'invalid',
      field: 'content',
      reason: `a structured CloudEvent must be JSON: ${(error as Error).message}`,
    };
  }
  const items = batch ? parsed : [parsed];
  if (!Array.isArray(items))
    return { kind: 'invalid', field: 'content', reason: 'a CloudEvents batch must be a JSON array' };
  const events: CloudEventInput[] = [];
  for (const [index, item] of items.entries()) {
    const prefix = batch ? `[${index}].` : '';
    if (!isObject(item))
      return {
        kind: 'invalid',
        field: batch ? `[${index}]` : 'content',
        reason: 'a CloudEvent must be a JSON object',
      };
    const built = cloudEvent({ ...item }, prefix);
    if (!built.ok) return invalid(built);
    events.push(built.event);
  }
  return { kind: 'cloudevents', mode: 'structured', events };
}

/** The binding's attributes among the headers, or `undefined` when there is none. */
function binaryAttributes(headers: CloudEventsMessage['headers']): Record<string, unknown> | undefined {
  if (headers === undefined) return undefined;
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(headers)) {
    const prefix = PREFIXES.find((candidate) => key.startsWith(candidate));
    if (prefix === undefined) continue;
    const name = key.slice(prefix.length);
    attributes[name] = attributeValue(name, value);
  }
  return Object.keys(attributes).length === 0 ? undefined : attributes;
}

// AMQP 0-9-1 header values as the SDK takes attributes: byte strings as text, a timestamp (seconds)
// or Date as RFC 3339 text; the binding allows both the native and the canonical string form.
function attributeValue(name: string, value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Date) return value.toISOString();
  if (name === 'time' && typeof value === 'number')
    return new Date(value > 1e11 ? value : value * 1000).toISOString();
  return value;
}

/**
 * A CloudEvent the SDK checked, or why it refuses it. The SDK fills in a missing `time` with now;
 * that would give a redelivered event another time each delivery, so an event without one stays
 * without (a mapper that needs it refuses the event, naming `time`).
 */
function cloudEvent(attributes: Record<string, unknown>, fieldPrefix: string): Built {
  let event: CloudEvent<unknown>;
  try {
    event = new CloudEvent<unknown>(attributes);
  } catch (error) {
    if (!(error instanceof ValidationError) && !(error instanceof TypeError)) throw error;
    return { ok: false, ...describeInvalid(error, attributes, fieldPrefix) };
  }
  if (attributes['time'] !== undefined && attributes['time'] !== null) return { ok: true, event };
  const { time: _sdkTime, ...timeless } = event;
  return { ok: true, event: timeless };
}

// Not a union on `kind`: a CloudEvent may well have an extension of that name (ApiServerSource's).
type Built =
  | { readonly ok: true; readonly event: CloudEventInput }
  | { readonly ok: false; readonly field: string; readonly reason: string };

const invalid = ({ field, reason }: { field: string; reason: string }): CloudEventsRead => ({
  kind: 'invalid',
  field,
  reason,
});

// The SDK's errors: JSON-schema issues with an instance path (`/source`) or a missing property,
// or a bad extension name or value.
function describeInvalid(error: Error, attributes: Record<string, unknown>, prefix: string) {
  const issues = error instanceof ValidationError ? (error.errors ?? []) : [];
  const first = issues[0] as
    { instancePath?: string; message?: string; params?: { missingProperty?: string } } | string | undefined;
  if (typeof first === 'object') {
    const field =
      first.params?.missingProperty ?? first.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    if (field !== '') {
      const got = JSON.stringify(attributes[field]) ?? 'nothing';
      return { field: `${prefix}${field}`, reason: `${first.message ?? 'is invalid'}; got ${got}` };
    }
  }
  const reason = error.message.split('\n')[0] ?? error.message;
  const extension = /invalid extension name: (\S+)/.exec(error.message)?.[1];
  const badValue = error.message.startsWith('invalid extension value')
    ? Object.keys(attributes).find(
        (key) => key !== 'data' && !['string', 'number', 'boolean'].includes(typeof attributes[key]),
      )
    : undefined;
  return { field: `${prefix}${extension ?? badValue ?? ''}`, reason };
}
