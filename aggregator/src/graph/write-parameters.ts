import neo4j, { type Integer } from 'neo4j-driver';
import type { IndexedProperties } from '@tracey/schemas';
import type { EventRow } from './event-row.js';

type PropertyValue = string | boolean | number | Integer | readonly string[];

// JavaScript numbers reach Neo4j as floats; whole numbers (times, counts) are sent as integers.
function propertyValue(value: IndexedProperties[string]): PropertyValue {
  return typeof value === 'number' && Number.isSafeInteger(value) ? neo4j.int(value) : value;
}

function properties(source: IndexedProperties): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(source)) out[key] = propertyValue(value);
  return out;
}

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

/**
 * The `$events` parameter of step 1, sorted by id: concurrent workers then take node locks in
 * the same order, which keeps deadlocks rare.
 */
export function eventParameters(rows: readonly EventRow[]): Record<string, unknown>[] {
  return [...rows]
    .sort(byKey((row) => row.id))
    .map((row) => ({ id: row.id, hash: row.hash, json: row.json, properties: properties(row.properties) }));
}

/** The `$ids` of each label statement of step 2. */
export function labelParameters(rows: readonly EventRow[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    if (row.label === undefined) continue;
    const ids = groups.get(row.label) ?? [];
    ids.push(row.id);
    groups.set(row.label, ids);
  }
  return groups;
}

/** The `$links` of each relationship-type statement of step 2, sorted by target. */
export function linkParameters(rows: readonly EventRow[]): Map<string, Record<string, unknown>[]> {
  const groups = new Map<string, { target: string; value: Record<string, unknown> }[]>();
  for (const row of rows) {
    for (const link of row.links) {
      const group = groups.get(link.relationshipType) ?? [];
      group.push({
        target: link.target,
        value: {
          source: row.id,
          target: link.target,
          properties: {
            ...(link.relationshipType === link.linkType ? {} : { linkType: link.linkType }),
            ...(link.domainId === undefined ? {} : { domainId: link.domainId }),
          },
          // 'any': legal whatever the target; a list: checked once the target is known.
          legal: link.targetTypes === 'any' ? true : null,
          targetTypes: link.targetTypes === 'any' || link.targetTypes === undefined ? null : link.targetTypes,
        },
      });
      groups.set(link.relationshipType, group);
    }
  }
  return new Map(
    [...groups].map(([type, group]) => [
      type,
      group.sort(byKey((link) => link.target)).map((link) => link.value),
    ]),
  );
}
