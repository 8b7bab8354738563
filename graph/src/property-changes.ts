import type { IndexedProperties } from '@tracey/schemas';

/** What a stored node needs so that its indexed properties are the current derivation's. */
export interface PropertyChanges {
  /** Derived properties the node lacks or holds with another value. */
  readonly set: IndexedProperties;
  /** Properties the derivation owns for the event's type but no longer gives this event. */
  readonly remove: readonly string[];
}

function sameValue(stored: unknown, derived: IndexedProperties[string]): boolean {
  if (Array.isArray(derived))
    return (
      Array.isArray(stored) &&
      stored.length === derived.length &&
      derived.every((item, index) => item === stored[index])
    );
  return stored === derived;
}

/**
 * Compares a node's stored properties with those derived from its event now. Only names in
 * `owned` are ever removed: a property outside the derivation's names may be someone else's.
 */
export function propertyChanges(
  stored: Readonly<Record<string, unknown>>,
  derived: IndexedProperties,
  owned: readonly string[],
): PropertyChanges {
  const set: Record<string, IndexedProperties[string]> = {};
  for (const [name, value] of Object.entries(derived)) {
    if (!sameValue(stored[name], value)) set[name] = value;
  }
  const remove = owned.filter(
    (name) => stored[name] !== undefined && stored[name] !== null && !(name in derived),
  );
  return { set, remove };
}
