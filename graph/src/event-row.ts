import type { IndexedProperties, Protocol } from '@tracey/schemas';
import { textHash } from './content-hash.js';
import { derivedKeys, type DerivedKey } from './derived-links.js';
import { GENERIC_LINK_TYPE, typeLabel, type GraphVocabulary } from './graph-vocabulary.js';

/** One link of an event as the graph stores it. */
export interface LinkRow {
  /** Relationship type: the link type when the vocabulary knows it, else `LINK`. */
  readonly relationshipType: string;
  /** The link type as the event gives it. */
  readonly linkType: string;
  readonly target: string;
  readonly domainId?: string;
  /** Event types the target may have: a list, `'any'`, or `undefined` when no rule is known. */
  readonly targetTypes: readonly string[] | 'any' | undefined;
}

/** Everything the graph stores of one event, computed without the database. */
export interface EventRow {
  readonly id: string;
  readonly type: string;
  /** Type label, only for verified events of a type in the vocabulary. */
  readonly label: string | undefined;
  /**
   * Hash of `json`: same id and hash is a duplicate; same id with another hash is a conflict unless
   * the two texts hold the same value in another key order (`sameContent`).
   */
  readonly hash: string;
  /** The full event as JSON text, kept for retrieval. */
  readonly json: string;
  readonly properties: IndexedProperties;
  readonly links: readonly LinkRow[];
  /** The keys links are derived by (derived-links.ts): what the event is and what it names. None when absent. */
  readonly derived?: readonly DerivedKey[];
}

/** A parsed event with the JSON value it was parsed from. */
export interface ParsedEvent<E> {
  readonly event: E;
  readonly verified: boolean;
  /** The JSON value as received, before parsing; hashed and stored. */
  readonly raw: unknown;
}

/**
 * Turns a parsed event into the row the graph writes. Labels and relationship types are taken
 * from `vocabulary` only; anything else becomes the generic label or `LINK`.
 */
export function toEventRow<E>(
  protocol: Protocol<E>,
  vocabulary: GraphVocabulary,
  parsed: ParsedEvent<E>,
): EventRow {
  const { event } = parsed;
  const type = protocol.eventType(event);
  const label = parsed.verified ? typeLabel(vocabulary, type) : undefined;
  const links = new Map<string, LinkRow>();
  for (const link of protocol.links(event)) {
    const relationshipType = vocabulary.relationshipTypes.includes(link.type) ? link.type : GENERIC_LINK_TYPE;
    // One relationship per (type, target): a link repeated inside one event is stored once.
    const key = `${link.type}\u0000${link.target}`;
    if (links.has(key)) continue;
    links.set(key, {
      relationshipType,
      linkType: link.type,
      target: link.target,
      ...(link.domainId === undefined ? {} : { domainId: link.domainId }),
      targetTypes: protocol.linkTargetTypes(event, link.type),
    });
  }
  const properties = protocol.indexedProperties(event);
  // Serialized once and hashed as it is stored: a canonical form for the hash alone cost the
  // worker a second serialization of every event (docs/BENCHMARKS.md#ingest).
  const json = JSON.stringify(parsed.raw);
  return {
    id: protocol.eventId(event),
    type,
    label,
    hash: textHash(json),
    json,
    properties,
    links: [...links.values()],
    // An unverified event's content is not trusted to name anything.
    derived: parsed.verified ? derivedKeys(type, properties) : [],
  };
}
