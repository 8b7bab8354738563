import { MAX_JSON_DEPTH, nestedDeeperThan } from '@tracey/common';
import { claimedEventId, type Protocol } from '@tracey/schemas';
import { toEventRow, type EventRow } from '@tracey/graph';
import type { GraphVocabulary } from '@tracey/graph';
import { deadLetter, type Disposition } from './disposition.js';

/** The parts of an AMQP message the decoder looks at. */
export interface IncomingMessage {
  readonly content: Buffer;
  readonly contentType?: string | undefined;
  readonly contentEncoding?: string | undefined;
}

export type DecodeResult =
  | { readonly ok: true; readonly row: EventRow; readonly verified: boolean }
  | { readonly ok: false; readonly disposition: Disposition; readonly eventId?: string };

const MAX_ISSUES = 20;

function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Turns a message into the row the graph stores, or into the dead-letter outcome that says why
 * it never can be: a content type or encoding other than the protocol's, text that is not JSON,
 * JSON nested deeper than {@link MAX_JSON_DEPTH}, or JSON the protocol rejects. A message without a
 * content type is read as the protocol's.
 */
export function decodeMessage<E>(
  protocol: Protocol<E>,
  vocabulary: GraphVocabulary,
  message: IncomingMessage,
): DecodeResult {
  const { contentType, contentEncoding } = message;
  if (
    (contentType !== undefined && mediaType(contentType) !== mediaType(protocol.contentType)) ||
    (contentEncoding !== undefined &&
      !['', 'identity', 'utf-8', 'utf8'].includes(contentEncoding.toLowerCase()))
  ) {
    return {
      ok: false,
      disposition: deadLetter('unsupported-content-type', {
        contentType: contentType ?? null,
        contentEncoding: contentEncoding ?? null,
        expected: protocol.contentType,
      }),
    };
  }
  const text = message.content.toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      disposition: deadLetter('not-json', { error: error instanceof Error ? error.message : String(error) }),
    };
  }
  return decodeEvent(protocol, vocabulary, raw);
}

/**
 * Turns a parsed JSON value into the row the graph stores, or into the dead-letter outcome: JSON
 * nested deeper than {@link MAX_JSON_DEPTH}, or a value the protocol rejects. What a message's body
 * is, and what a CloudEvent maps to, go through here alike.
 */
export function decodeEvent<E>(
  protocol: Protocol<E>,
  vocabulary: GraphVocabulary,
  raw: unknown,
): DecodeResult {
  // Before the validator and the content hash, which recurse and would overflow the stack.
  if (nestedDeeperThan(raw, MAX_JSON_DEPTH)) {
    const message = `the event nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`;
    return {
      ok: false,
      disposition: deadLetter('invalid-event', {
        issues: [{ path: '', code: 'too_deep', message }],
        issueCount: 1,
      }),
    };
  }
  const parsed = protocol.parse(raw);
  if (!parsed.ok) {
    const eventId = claimedEventId(raw, 100);
    return {
      ok: false,
      ...(eventId === undefined ? {} : { eventId }),
      disposition: deadLetter('invalid-event', {
        ...(eventId === undefined ? {} : { eventId }),
        issues: parsed.errors.slice(0, MAX_ISSUES),
        issueCount: parsed.errors.length,
      }),
    };
  }
  return {
    ok: true,
    verified: parsed.verified,
    row: toEventRow(protocol, vocabulary, { event: parsed.event, verified: parsed.verified, raw }),
  };
}
