import { eiffelGraphVocabulary } from '@tracey/graph';
import { eiffelIndexedPropertyNames } from '@tracey/schemas';

/** A kind of event: its type and equality filters on its indexed properties. */
export interface EventSelector {
  readonly type: string;
  readonly filters: readonly { readonly property: string; readonly value: string }[];
}

/** The outcome of parsing a selector: the selector, or why not. */
export type SelectorResult =
  { readonly ok: true; readonly selector: EventSelector } | { readonly ok: false; readonly message: string };

const EVENT_TYPES: readonly string[] = eiffelGraphVocabulary.eventLabels;

/** `EiffelArtifactCreatedEvent` as it is, `ArtifactCreated` made full; `undefined` when unknown. */
export function resolveEventType(name: string): string | undefined {
  if (EVENT_TYPES.includes(name)) return name;
  const full = `Eiffel${name}Event`;
  return EVENT_TYPES.includes(full) ? full : undefined;
}

/**
 * Parses `<type>[,<property>=<value>]...`, e.g. `ConfidenceLevelModified,name=release,value=SUCCESS`.
 * The type may be given short; properties must be ones the graph stores for that type (see
 * docs/graph-model.md), each at most once. Values are taken as text, up to the next comma.
 */
export function parseEventSelector(text: string): SelectorResult {
  const [head = '', ...members] = text.split(',').map((part) => part.trim());
  const type = resolveEventType(head);
  if (type === undefined) {
    return {
      ok: false,
      message: `unknown event type "${head}" (e.g. SourceChangeCreated or EiffelArtifactCreatedEvent)`,
    };
  }
  const allowed = eiffelIndexedPropertyNames(type);
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
  return { ok: true, selector: { type, filters } };
}
