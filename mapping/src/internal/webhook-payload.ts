import { CDEVENTS_BUILD_SPEC_VERSION } from '@tracey/schemas';
import type { MappingResult } from '../cloud-event-mapper.js';
import { isJsonObject } from './cloud-event-data.js';
import { derivedEventId } from './derived-event-id.js';

// What the forge mappers (GitHub, GitLab) share: reading a webhook payload, and making a CDEvent
// whose id comes from the forge's own identity of what happened, never from the delivery.

export type Json = Record<string, unknown>;

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** `object.a.b.c` by a dotted path, or `undefined` where a step is missing. */
export function at(object: Json, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) value = isJsonObject(value) ? value[key] : undefined;
  return value;
}

/** Reads the text fields of a payload; the first required one missing refuses the event. */
export class PayloadReader {
  missing: string | undefined;
  constructor(readonly payload: Json) {}
  text(path: string): string {
    const value = text(at(this.payload, path));
    if (value === undefined) this.missing ??= path;
    return value ?? '';
  }
  optional(path: string): string | undefined {
    return text(at(this.payload, path));
  }
}

/** A CDEvent a forge mapper decided on. */
export interface ForgeEvent {
  /** The forge's own identity of what happened, e.g. a pull request's URL and `#merged`. */
  readonly key: string;
  readonly type: string;
  /** RFC 3339. */
  readonly time: string;
  readonly subject: { readonly id: string; readonly source?: string; readonly content: Json };
  readonly customData?: Json;
  /** The events' `context.source`, when not the payload's (`sourcePath` of {@link forgeResult}). */
  readonly source?: string;
  /** CDEvents links embedded in the context (e.g. a `RELATION` from an incident to its deployment). */
  readonly links?: readonly Json[];
}

/** The CDEvent (release 0.5.1) of `event`, its id derived from `source` and the forge's key. */
export function forgeCdEvent(payloadSource: string, event: ForgeEvent): Json {
  const source = event.source ?? payloadSource;
  return {
    context: {
      specversion: CDEVENTS_BUILD_SPEC_VERSION,
      id: derivedEventId(source, event.key, 0),
      source,
      type: event.type,
      timestamp: event.time,
      ...(event.links === undefined ? {} : { links: event.links }),
    },
    subject: event.subject,
    ...(event.customData === undefined ? {} : { customData: event.customData }),
  };
}

const isForgeEventList = (mapped: ForgeEvent | readonly ForgeEvent[]): mapped is readonly ForgeEvent[] =>
  Array.isArray(mapped);

/**
 * What a forge mapper answers: the events (its source read from `sourcePath`, the repository's
 * URL), nothing with a note, or a refusal naming the first required field that is missing.
 */
export function forgeResult(
  mapper: string,
  read: PayloadReader,
  mapped: ForgeEvent | readonly ForgeEvent[] | string,
  sourcePath: string,
): MappingResult {
  const source = typeof mapped === 'string' ? '' : read.text(sourcePath);
  if (read.missing !== undefined)
    return { ok: false, field: `data.${read.missing}`, reason: 'is required for this webhook event' };
  if (typeof mapped === 'string') return { ok: true, mapper, events: [], note: mapped };
  const events: readonly ForgeEvent[] = isForgeEventList(mapped) ? mapped : [mapped];
  return { ok: true, mapper, events: events.map((event) => forgeCdEvent(source, event)) };
}

export const optionalDescription = (title: string | undefined): Json =>
  title === undefined ? {} : { description: title };

/**
 * Words shaped like tracker keys that are not: encodings, hashes, standards, advisories
 * (`UTF-8`, `SHA-256`, `ISO-8601`, `RFC-3339`, `CVE-2024-3094`, `PEP-8`, `HTTP-2`).
 */
const NOT_TICKET_KEYS = new Set([
  'UTF',
  'SHA',
  'ISO',
  'RFC',
  'CVE',
  'CWE',
  'GHSA',
  'PEP',
  'HTTP',
  'TLS',
  'SSL',
  'MD',
  'AES',
  'RSA',
  'IPV',
  'ES',
  'ECMA',
  'JSR',
  'JEP',
]);
const TICKET_KEY_IN_TEXT = /(?<![\w-])([A-Z][A-Z0-9]{1,9}-[1-9]\d*)\b/g;

/**
 * The work item keys (`SHOP-123`) `texts` name, each once, in order of first mention: what Jira's
 * own development integration reads from commit messages, pull request titles and branch names.
 */
export function ticketKeysIn(...texts: readonly (string | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const value of texts) {
    for (const match of (value ?? '').matchAll(TICKET_KEY_IN_TEXT)) {
      const key = match[1] ?? '';
      if (!NOT_TICKET_KEYS.has(key.split('-')[0] ?? '')) keys.add(key);
    }
  }
  return [...keys];
}

/** `{ ticketKeys }` of the keys `texts` name, or nothing: spread into a change's `customData`. */
export function ticketKeysData(...texts: readonly (string | undefined)[]): Json {
  const keys = ticketKeysIn(...texts);
  return keys.length === 0 ? {} : { ticketKeys: keys };
}
