import { CloudEvent, HTTP, ValidationError } from 'cloudevents';
import type { CloudEventInput } from '@tracey/mapping';
import { adapterError } from '@tracey/intake';
import { LIMITS } from './limits.js';

export const STRUCTURED = 'application/cloudevents+json';
export const BATCH = 'application/cloudevents-batch+json';

/** One CloudEvent of a request: checked by the SDK, or why it is refused. */
export type CloudEventItem =
  | { readonly index: number; readonly ok: true; readonly event: CloudEventInput }
  | {
      readonly index: number;
      readonly ok: false;
      readonly id?: string;
      readonly field: string;
      readonly reason: string;
    };

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const mediaType = (contentType: string | undefined) =>
  (contentType?.split(';')[0] ?? '').trim().toLowerCase();
const isJsonMedia = (media: string) =>
  media === '' || media === 'application/json' || media === 'text/json' || media.endsWith('+json');
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function badRequest(path: string, message: string): never {
  throw adapterError('ADAPTER_BAD_REQUEST', `invalid body: ${message}`, { issues: [{ path, message }] });
}

function parseJson(body: Buffer | undefined, what: string): unknown {
  const text = body?.toString('utf8') ?? '';
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return badRequest('', `${what} must be JSON: ${(error as Error).message}`);
  }
}

/**
 * The CloudEvents of an HTTP request under the CloudEvents HTTP protocol binding, read by the
 * SDK's `HTTP.toEvent`: structured mode (`application/cloudevents+json`), a batch
 * (`application/cloudevents-batch+json`, 1 to 500) or binary mode (`ce-*` headers, the data in the
 * body). Each event is checked on its own; an invalid one is an item naming the attribute.
 * @throws ADAPTER_UNSUPPORTED_MEDIA_TYPE when the request is none of the three,
 *   ADAPTER_BAD_REQUEST when a structured body is no JSON or a batch no array of 1 to 500.
 */
export function readCloudEvents(headers: Headers, body: Buffer | undefined): readonly CloudEventItem[] {
  const media = mediaType(header(headers, 'content-type'));
  if (media === STRUCTURED) {
    const parsed = parseJson(body, 'a structured CloudEvent');
    if (!isObject(parsed)) return badRequest('', 'a structured CloudEvent must be a JSON object');
    return [structuredItem(parsed, 0, '')];
  }
  if (media === BATCH) {
    const parsed = parseJson(body, 'a CloudEvents batch');
    if (!Array.isArray(parsed)) return badRequest('', 'a CloudEvents batch must be a JSON array');
    if (parsed.length === 0) return badRequest('', 'send at least one CloudEvent');
    if (parsed.length > LIMITS.batchEvents) {
      return badRequest(
        '',
        `send at most ${LIMITS.batchEvents} CloudEvents per request, got ${parsed.length}`,
      );
    }
    return parsed.map((item, index) =>
      isObject(item)
        ? structuredItem(item, index, '')
        : { index, ok: false, field: '', reason: 'a CloudEvent must be a JSON object' },
    );
  }
  if (header(headers, 'ce-specversion') !== undefined) return [binaryItem(headers, body, media)];
  throw adapterError(
    'ADAPTER_UNSUPPORTED_MEDIA_TYPE',
    media.startsWith('application/cloudevents')
      ? `event format ${media} is not supported; use ${STRUCTURED} or ${BATCH}`
      : `content type ${media === '' ? '(none)' : media} is no CloudEvent: send ${STRUCTURED}, ${BATCH}, or binary mode (ce-* headers)`,
    { contentType: media },
  );
}

function structuredItem(item: Record<string, unknown>, index: number, prefix: string): CloudEventItem {
  return checked(
    () => HTTP.toEvent({ headers: { 'content-type': STRUCTURED }, body: item }),
    item,
    'time' in item && item['time'] !== null,
    index,
    prefix,
  );
}

function binaryItem(headers: Headers, body: Buffer | undefined, media: string): CloudEventItem {
  const attributes: Record<string, unknown> = {};
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined) continue;
    if (name.startsWith('ce-') || name === 'content-type') sent[name] = text;
    if (name.startsWith('ce-')) attributes[name.slice(3)] = text;
  }
  let data: string | Buffer | undefined = body;
  if (body !== undefined && body.length > 0 && isJsonMedia(media)) {
    data = body.toString('utf8');
    try {
      attributes['data'] = JSON.parse(data) as unknown;
    } catch (error) {
      const id = typeof attributes['id'] === 'string' ? attributes['id'] : undefined;
      return {
        index: 0,
        ok: false,
        ...(id === undefined ? {} : { id }),
        field: 'data',
        reason: `is not the JSON its content type ${media || '(none)'} says: ${(error as Error).message}`,
      };
    }
  }
  return checked(
    () => HTTP.toEvent({ headers: sent, body: data ?? '' }),
    attributes,
    sent['ce-time'] !== undefined,
    0,
    '',
  );
}

/**
 * The SDK's event, validated. The SDK fills in a missing `time` with now: an event sent without
 * one stays without, so a mapper that needs it refuses the event naming `time` (as the AMQP side).
 */
function checked(
  read: () => unknown,
  attributes: Record<string, unknown>,
  timeSent: boolean,
  index: number,
  prefix: string,
): CloudEventItem {
  const id = typeof attributes['id'] === 'string' ? attributes['id'] : undefined;
  const refused = (field: string, reason: string): CloudEventItem => ({
    index,
    ok: false,
    ...(id === undefined ? {} : { id }),
    field,
    reason,
  });
  let event: CloudEvent<unknown>;
  try {
    const built = read();
    if (Array.isArray(built) || !(built instanceof CloudEvent)) return refused(prefix, 'is no CloudEvent');
    event = built as CloudEvent<unknown>;
    event.validate();
  } catch (error) {
    if (
      !(error instanceof ValidationError) &&
      !(error instanceof TypeError) &&
      !(error instanceof SyntaxError)
    ) {
      throw error;
    }
    const { field, reason } = describeInvalid(error, attributes);
    return refused(`${prefix}${field}`, reason);
  }
  if (timeSent) return { index, ok: true, event };
  const { time: _sdkTime, ...timeless } = event;
  return { index, ok: true, event: timeless };
}

// The SDK's errors: JSON-schema issues with an instance path (`/source`) or a missing property,
// or a bad extension name or value.
function describeInvalid(
  error: Error,
  attributes: Record<string, unknown>,
): { field: string; reason: string } {
  const issues = error instanceof ValidationError ? (error.errors ?? []) : [];
  const first = issues[0] as
    { instancePath?: string; message?: string; params?: { missingProperty?: string } } | string | undefined;
  if (typeof first === 'object') {
    const field =
      first.params?.missingProperty ?? first.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    if (field !== '') {
      const got = JSON.stringify(attributes[field]) ?? 'nothing';
      return { field, reason: `${first.message ?? 'is invalid'}; got ${got}` };
    }
  }
  const reason = error.message.split('\n')[0] ?? error.message;
  const extension = /invalid extension name: (\S+)/.exec(error.message)?.[1];
  return { field: extension ?? '', reason };
}
