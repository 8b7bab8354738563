import type { Protocol, ValidationIssue } from './protocol.js';

/** Everything an AMQP publisher needs to send one event. */
export interface PublishableMessage {
  readonly routingKey: string;
  readonly contentType: string;
  readonly messageId: string;
  readonly body: string;
}

export interface EncodeOptions {
  /**
   * Publish events the protocol could only check at envelope level (unknown type or version).
   * Default `false`: a producer should emit only what it can vouch for.
   */
  readonly allowUnverified?: boolean;
  /**
   * Largest message body (bytes of the event's JSON) to publish; a larger event is refused with
   * the issue code `too_large` (the aggregator's reason `event-too-large`). Default: no limit.
   */
  readonly maxBytes?: number;
}

export type EncodeResult =
  | { readonly ok: true; readonly message: PublishableMessage; readonly verified: boolean }
  | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

/**
 * Validates `input` with `protocol` and turns it into an AMQP message. Knows nothing of any
 * concrete protocol: this is the path every producer takes, whatever it speaks.
 */
export function encodeForPublish<E>(
  protocol: Protocol<E>,
  input: unknown,
  options: EncodeOptions = {},
): EncodeResult {
  const parsed = protocol.parse(input);
  if (!parsed.ok) return parsed;
  if (!parsed.verified && options.allowUnverified !== true) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          code: 'invalid',
          message: `${protocol.name} cannot verify a ${protocol.eventType(parsed.event)} event beyond its envelope`,
        },
      ],
    };
  }
  const event = parsed.event;
  const body = protocol.serialize(event);
  const bytes = Buffer.byteLength(body);
  if (options.maxBytes !== undefined && bytes > options.maxBytes) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          code: 'too_large',
          message: `event-too-large: the event is ${bytes} bytes of JSON, over the maximum of ${options.maxBytes} (TRACEY_MAX_EVENT_BYTES)`,
        },
      ],
    };
  }
  return {
    ok: true,
    verified: parsed.verified,
    message: {
      routingKey: protocol.routingKey(event),
      contentType: protocol.contentType,
      messageId: protocol.eventId(event),
      body,
    },
  };
}
