import { eiffelGraphVocabulary } from '@tracey/graph';
import {
  CDEVENTS_EVENT_TYPES,
  CDEVENTS_INDEXED_PROPERTY_NAMES,
  eiffelIndexedPropertyNames,
  parseCdEventType,
} from '@tracey/schemas';

/** A kind of event: its type and equality filters on its indexed properties. */
export interface EventSelector {
  /** As the request named it, made full: `EiffelArtifactCreatedEvent`, `dev.cdevents.service.deployed`. */
  readonly type: string;
  /** The stored `type`s it stands for: one Eiffel type, or every version of a CDEvents type. */
  readonly types: readonly string[];
  readonly filters: readonly { readonly property: string; readonly value: string }[];
}

/** The outcome of parsing a selector: the selector, or why not. */
export type SelectorResult =
  { readonly ok: true; readonly selector: EventSelector } | { readonly ok: false; readonly message: string };

const EVENT_TYPES: readonly string[] = eiffelGraphVocabulary.eventLabels;

/** Every version of each CDEvents type, by the type without its version. */
const CDEVENTS_KINDS = new Map<string, string[]>();
for (const type of CDEVENTS_EVENT_TYPES) {
  const parts = parseCdEventType(type);
  if (parts === undefined) continue;
  const kind = `dev.cdevents.${parts.subject}.${parts.predicate}`;
  CDEVENTS_KINDS.set(kind, [...(CDEVENTS_KINDS.get(kind) ?? []), type]);
}

/** The stored types a name stands for: an Eiffel type (maybe short), a CDEvents type with or without its version. */
function typesOf(name: string): { type: string; types: readonly string[] } | undefined {
  const eiffel = resolveEventType(name);
  if (eiffel !== undefined) return { type: eiffel, types: [eiffel] };
  if (CDEVENTS_EVENT_TYPES.includes(name)) return { type: name, types: [name] };
  const versions = CDEVENTS_KINDS.get(name);
  return versions === undefined ? undefined : { type: name, types: versions };
}

/** The properties events of `type` can be filtered by: what the graph stores for that type. */
export function filterableProperties(type: string): readonly string[] {
  return type.startsWith('dev.cdevents.')
    ? CDEVENTS_INDEXED_PROPERTY_NAMES
    : eiffelIndexedPropertyNames(type);
}

/** `EiffelArtifactCreatedEvent` as it is, `ArtifactCreated` made full; `undefined` when unknown. */
export function resolveEventType(name: string): string | undefined {
  if (EVENT_TYPES.includes(name)) return name;
  const full = `Eiffel${name}Event`;
  return EVENT_TYPES.includes(full) ? full : undefined;
}

/**
 * Parses `<type>[,<property>=<value>]...`, e.g. `ConfidenceLevelModified,name=release,value=SUCCESS`
 * or `dev.cdevents.service.deployed,environmentId=prod`. An Eiffel type may be given short, a
 * CDEvents type without its version (then every version of it counts); properties must be ones the graph stores for that type (see
 * docs/graph-model.md), each at most once. Values are taken as text, up to the next comma.
 */
export function parseEventSelector(text: string): SelectorResult {
  const [head = '', ...members] = text.split(',').map((part) => part.trim());
  const resolved = typesOf(head);
  if (resolved === undefined) {
    return {
      ok: false,
      message: `unknown event type "${head}" (e.g. SourceChangeCreated, EiffelArtifactCreatedEvent or dev.cdevents.service.deployed)`,
    };
  }
  const { type, types } = resolved;
  const allowed = filterableProperties(type);
  const filters: { property: string; value: string }[] = [];
  for (const member of members) {
    const equals = member.indexOf('=');
    const property = equals < 0 ? member : member.slice(0, equals).trim();
    if (equals < 0 || property === '') {
      return { ok: false, message: `"${member}" is not <property>=<value>` };
    }
    if (!allowed.includes(property)) {
      const known = allowed.length === 0 ? 'none' : allowed.join(', ');
      return { ok: false, message: `${type} cannot be filtered by "${property}" (filterable: ${known})` };
    }
    if (filters.some((filter) => filter.property === property)) {
      return { ok: false, message: `"${property}" is given twice` };
    }
    filters.push({ property, value: member.slice(equals + 1).trim() });
  }
  return { ok: true, selector: { type, types, filters } };
}
