import type { Protocol } from '../protocol.js';
import type { EiffelEvent } from './eiffel-event.js';
import { eiffelIndexedProperties } from './eiffel-indexed-properties.js';
import { eiffelLinkRule } from './eiffel-link-rules.js';
import { checkRoutingTag, eiffelRoutingKey } from './eiffel-routing-key.js';
import type { EiffelParseResult } from './validate-eiffel-event.js';
import { validateEiffelEvent } from './validate-eiffel-event.js';

/** The Eiffel protocol, with a parse result that says why an event is unverified. */
export interface EiffelProtocol extends Protocol<EiffelEvent> {
  parse(input: unknown): EiffelParseResult;
}

export interface EiffelProtocolOptions {
  /** The `<tag>` word of routing keys. Default `_` (none), as eiffel-broadcaster does. */
  readonly routingKeyTag?: string;
}

/**
 * Creates the Eiffel protocol plug-in (`application/json` events, Sepia routing keys).
 * @throws TraceyError `SCHEMAS_ROUTING_TAG_INVALID` when the tag cannot be a routing key word.
 */
export function createEiffelProtocol(options: EiffelProtocolOptions = {}): EiffelProtocol {
  const tag = options.routingKeyTag ?? '_';
  checkRoutingTag(tag);
  return {
    name: 'eiffel',
    contentType: 'application/json',
    parse: validateEiffelEvent,
    eventId: (event) => event.meta.id,
    eventType: (event) => event.meta.type,
    eventTime: (event) => event.meta.time,
    links: (event) => event.links,
    linkTargetTypes: (event, linkType) =>
      eiffelLinkRule(event.meta.type, event.meta.version, linkType)?.targetTypes,
    routingKey: (event) => {
      const domainId = (event.meta.source as { domainId?: unknown } | undefined)?.domainId;
      return eiffelRoutingKey(event.meta.type, typeof domainId === 'string' ? domainId : undefined, tag);
    },
    indexedProperties: eiffelIndexedProperties,
    serialize: (event) => JSON.stringify(event),
  };
}

/** The Eiffel protocol with default options. */
export const eiffelProtocol: EiffelProtocol = createEiffelProtocol();
