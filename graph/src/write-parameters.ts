import neo4j, { type Integer } from 'neo4j-driver';
import type { IndexedProperties } from '@tracey/schemas';
import { derivedKeyProperties, type DerivationKind } from './derived-links.js';
import type { EventRow } from './event-row.js';

type PropertyValue = string | boolean | number | Integer | readonly string[];

// JavaScript numbers reach Neo4j as floats; whole numbers (times, counts) are sent as integers.
function propertyValue(value: IndexedProperties[string]): PropertyValue {
  return typeof value === 'number' && Number.isSafeInteger(value) ? neo4j.int(value) : value;
}

/** Indexed properties as Neo4j parameters: whole numbers as integers. */
export function propertyParameters(source: IndexedProperties): Record<string, PropertyValue> {
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

/** Every property the graph stores on an event's node: its indexed ones and its derivation keys. */
export function nodeProperties(row: Pick<EventRow, 'properties' | 'derived'>): Record<string, PropertyValue> {
  return propertyParameters({ ...row.properties, ...derivedKeyProperties(row.derived ?? []) });
}

/**
 * The `$events` parameter of step 1, sorted by id: concurrent workers then take node locks in
 * the same order, which keeps deadlocks rare. `labels` holds the type label, if any.
 */
export function eventParameters(rows: readonly EventRow[]): Record<string, unknown>[] {
  return [...rows].sort(byKey((row) => row.id)).map((row) => ({
    id: row.id,
    hash: row.hash,
    json: row.json,
    labels: row.label === undefined ? [] : [row.label],
    properties: nodeProperties(row),
  }));
}

/** Element id of each event's node, by event id (step 1 returns them). */
export type NodesById = ReadonlyMap<string, string>;

function nodeOf(nodes: NodesById, id: string): string {
  const node = nodes.get(id);
  if (node === undefined) throw new Error(`no node for event ${id}`);
  return node;
}

/**
 * The parameters of step 3 for one kind of key: the events with such a key (`nodes`, their
 * element ids, in id order) and the keys' lock names, sorted, so concurrent workers lock keys in
 * the same order.
 */
export function derivationParameters(
  rows: readonly Pick<EventRow, 'id' | 'derived'>[],
  kind: DerivationKind,
  nodes: NodesById,
): { nodes: string[]; locks: string[] } | undefined {
  const ids: string[] = [];
  const locks = new Set<string>();
  for (const row of rows) {
    const key = row.derived?.find((candidate) => candidate.kind === kind);
    if (key === undefined) continue;
    ids.push(row.id);
    // The key it defines and the one it names (a commit's parent): a concurrent writer of either
    // waits, so whichever of two linked events commits second sees the first.
    locks.add(`${kind}:${key.key}`);
    if (key.ref !== undefined) locks.add(`${kind}:${key.ref}`);
  }
  if (ids.length === 0) return undefined;
  // Every writer takes its locks in one order: no deadlock between two batches.
  return { nodes: ids.sort().map((id) => nodeOf(nodes, id)), locks: [...locks].sort() };
}

/** The `$links` parameter of step 2: every link of `rows`, sorted by target. */
export function linkParameters(rows: readonly EventRow[], nodes: NodesById): Record<string, unknown>[] {
  const links: { target: string; value: Record<string, unknown> }[] = [];
  for (const row of rows) {
    const node = row.links.length === 0 ? '' : nodeOf(nodes, row.id);
    for (const link of row.links) {
      links.push({
        target: link.target,
        value: {
          node,
          target: link.target,
          type: link.relationshipType,
          properties: {
            ...(link.relationshipType === link.linkType ? {} : { linkType: link.linkType }),
            ...(link.domainId === undefined ? {} : { domainId: link.domainId }),
          },
          // 'any': legal whatever the target; a list: checked once the target is known.
          legal: link.targetTypes === 'any' ? true : null,
          targetTypes: link.targetTypes === 'any' || link.targetTypes === undefined ? null : link.targetTypes,
        },
      });
    }
  }
  return links.sort(byKey((link) => link.target)).map((link) => link.value);
}
