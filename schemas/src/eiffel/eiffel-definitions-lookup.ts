import { EIFFEL_EVENT_TYPES, EVENT_DEFINITIONS } from '../generated/eiffel-definitions.js';
import type { EventTypeDefinition, EventVersionDefinition } from '../internal/definition-model.js';
import { own } from '../internal/own.js';
import type { EiffelEventType } from './eiffel-event.js';

const KNOWN_TYPES: ReadonlySet<string> = new Set(EIFFEL_EVENT_TYPES);

/** True for the 24 event types of the protocol. */
export function isEiffelEventType(type: string): type is EiffelEventType {
  return KNOWN_TYPES.has(type);
}

/** Every published version of `type`, oldest first; empty for an unknown type. */
export function eiffelVersions(type: string): readonly string[] {
  const definition = own(EVENT_DEFINITIONS, type);
  return definition === undefined ? [] : Object.keys(definition.versions);
}

/** The latest published version of `type`, e.g. `4.1.1`; `undefined` for an unknown type. */
export function latestEiffelVersion(type: string): string | undefined {
  return own(EVENT_DEFINITIONS, type)?.latest;
}

/** @internal The definition of one type, or one version of it (latest when omitted). */
export function typeDefinition(type: string): EventTypeDefinition | undefined {
  return own(EVENT_DEFINITIONS, type);
}

/** @internal */
export function versionDefinition(type: string, version?: string): EventVersionDefinition | undefined {
  const definition = own(EVENT_DEFINITIONS, type);
  return definition === undefined ? undefined : own(definition.versions, version ?? definition.latest);
}
