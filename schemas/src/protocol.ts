/**
 * The protocol plug-in interface: everything producers and the aggregator need to know about an
 * event protocol, so that a second protocol is a module of its own and no framework change.
 */

/** One precise reason an input is not a valid event. */
export interface ValidationIssue {
  /** Where in the input, e.g. `data.outcome.conclusion`, `links[2].type`, `meta.time`; `''` is the root. */
  readonly path: string;
  /** What is wrong there, for humans. */
  readonly message: string;
  /** Stable kind of problem, for code to branch on. */
  readonly code: ValidationIssueCode;
}

export type ValidationIssueCode =
  | 'required'
  | 'type'
  | 'enum'
  | 'pattern'
  | 'unknown_member'
  | 'link_type_illegal'
  | 'link_repeated'
  | 'link_missing'
  | 'too_large'
  | 'invalid';

/**
 * The outcome of parsing: a typed event or every issue found. `verified` is false when the
 * protocol accepted only the envelope, e.g. an event type or version it does not know.
 */
export type ParseResult<E> =
  | { readonly ok: true; readonly event: E; readonly verified: boolean }
  | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

/**
 * A parse result that says why an event is unverified: what a protocol's own `parse` returns
 * (Eiffel's, CDEvents'), a {@link ParseResult} with the reason.
 */
export type ExplainedParseResult<Known, Unverified = Known> =
  | { readonly ok: true; readonly verified: true; readonly event: Known }
  | {
      readonly ok: true;
      readonly verified: false;
      readonly event: Unverified;
      /** Why only the envelope could be checked. */
      readonly reason: string;
    }
  | { readonly ok: false; readonly errors: readonly ValidationIssue[] };

/** A link from an event back in time to an earlier one. */
export interface EventLink {
  readonly type: string;
  /** Identity of the linked (earlier) event. */
  readonly target: string;
  /** Domain of the target, when it lives in another one. */
  readonly domainId?: string;
}

/** Scalar (or list of strings) properties to store on the event's graph node. */
export type IndexedProperties = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** An event protocol, e.g. Eiffel. `E` is the protocol's typed event. */
export interface Protocol<E> {
  /** Short stable name, e.g. `eiffel`; used in logs and configuration. */
  readonly name: string;
  /** MIME type of the serialized event, set as the AMQP `content-type`. */
  readonly contentType: string;
  /** Checks any value (typically `JSON.parse` output) and types it; never throws on bad input. */
  parse(input: unknown): ParseResult<E>;
  /** Globally unique identity of the event; used as the AMQP `message-id` and graph key. */
  eventId(event: E): string;
  eventType(event: E): string;
  /** When the event happened, milliseconds since the epoch. */
  eventTime(event: E): number;
  links(event: E): readonly EventLink[];
  /** Types a link of `linkType` from `event` may target: a list, `'any'`, or `undefined` when unknown. */
  linkTargetTypes(event: E, linkType: string): readonly string[] | 'any' | undefined;
  /** AMQP routing key to publish the event with. */
  routingKey(event: E): string;
  indexedProperties(event: E): IndexedProperties;
  /** The bytes on the wire, as text. */
  serialize(event: E): string;
}
