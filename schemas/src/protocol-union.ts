import type { ParseResult, Protocol } from './protocol.js';

/** A protocol of a union, with how to tell its events (or inputs) from the others'. */
export interface UnionMember {
  // Members differ in their event type; the union hands each only values it claimed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly protocol: Protocol<any>;
  /** True when `value` (a parsed event, or an input before parsing) is this protocol's. */
  readonly claims: (value: unknown) => boolean;
}

/**
 * Several protocols on one queue and one graph, e.g. Eiffel and CDEvents: each input and event is
 * handled by the first member that claims it, else by the first member (so an input no member
 * recognizes gets that protocol's errors). All members must share a content type.
 * @throws Error when there are no members or their content types differ (a wiring bug).
 */
export function protocolUnion<E>(name: string, members: readonly UnionMember[]): Protocol<E> {
  const first = members[0];
  if (first === undefined) throw new Error('protocolUnion: no members');
  const contentType = first.protocol.contentType;
  if (members.some((member) => member.protocol.contentType !== contentType)) {
    throw new Error('protocolUnion: members must share one content type');
  }
  const of = (value: unknown): Protocol<E> =>
    (members.find((member) => member.claims(value)) ?? first).protocol as Protocol<E>;
  return {
    name,
    contentType,
    parse: (input): ParseResult<E> => of(input).parse(input),
    eventId: (event) => of(event).eventId(event),
    eventType: (event) => of(event).eventType(event),
    eventTime: (event) => of(event).eventTime(event),
    links: (event) => of(event).links(event),
    linkTargetTypes: (event, linkType) => of(event).linkTargetTypes(event, linkType),
    routingKey: (event) => of(event).routingKey(event),
    indexedProperties: (event) => of(event).indexedProperties(event),
    serialize: (event) => of(event).serialize(event),
  };
}
