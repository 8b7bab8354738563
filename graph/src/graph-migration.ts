import neo4j from 'neo4j-driver';
import type { IndexedProperties, Protocol } from '@tracey/schemas';
import type { EventGraph } from './event-graph.js';
import { DERIVATION_KINDS, derivedKeyProperties, derivedKeys, type DerivedKey } from './derived-links.js';
import { DERIVE_LINKS_CYPHER, HISTORY_CHAIN_LINKS, INDEX_HISTORY_CYPHER } from './graph-cypher.js';
import {
  LOCK_UNINDEXED_CYPHER,
  STORED_EVENTS_PAGE_CYPHER,
  UNINDEXED_PAGE_CYPHER,
  UPDATE_PROPERTIES_CYPHER,
} from './migration-cypher.js';
import { propertyChanges } from './property-changes.js';
import { derivationParameters, propertyParameters } from './write-parameters.js';

// Brings a graph written by an older Tracey up to what this one derives at write time: the
// indexed properties of every stored event with the keys links are derived by (and those links),
// and the history index. Idempotent (a second run
// changes nothing) and resumable (each batch commits on its own; a rerun skips what is done).

export interface MigrationOptions<E> {
  /** The protocol the aggregator stores events with: its `indexedProperties` are the truth. */
  readonly protocol: Protocol<E>;
  /**
   * Property names the protocol derives for events of `type` that may be absent on an event:
   * such a name on a node whose event no longer gives it is removed. Default none.
   */
  readonly ownedProperties?: (type: string) => readonly string[];
  /** Events per transaction. Default 500. */
  readonly batchSize?: number;
  /** Progress lines, for humans. */
  readonly progress?: (message: string) => void;
  /** Least time between two progress lines, ms. Default 5,000. */
  readonly progressEveryMs?: number;
}

export interface MigrationSummary {
  readonly eventsScanned: number;
  /** Events whose indexed properties were set or removed. */
  readonly eventsUpdated: number;
  readonly propertiesSet: number;
  readonly propertiesRemoved: number;
  /** Events given the keys links are derived by (graph-model.md), with their derived links. */
  readonly eventsKeyed: number;
  /** Stored events whose JSON the protocol rejects now: left as they are. */
  readonly unreadable: number;
  /** The first few of them. */
  readonly unreadableIds: readonly string[];
  /** Events given their place in the history index. */
  readonly eventsIndexed: number;
}

type PropertySummary = Omit<MigrationSummary, 'eventsIndexed'>;

const UNREADABLE_SHOWN = 10;

function throttled(options: MigrationOptions<unknown>): (message: string, force?: boolean) => void {
  const every = options.progressEveryMs ?? 5_000;
  let last = Date.now();
  return (message, force = false) => {
    if (!force && Date.now() - last < every) return;
    last = Date.now();
    options.progress?.(message);
  };
}

/**
 * What the aggregator derives from a stored event now: its indexed properties with the keys links
 * are derived by (as the write path stores them), or `undefined` when the JSON no longer parses.
 */
function derive<E>(
  protocol: Protocol<E>,
  json: string,
): { type: string; properties: IndexedProperties; keys: readonly DerivedKey[] } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = protocol.parse(raw);
  if (!parsed.ok) return undefined;
  const type = protocol.eventType(parsed.event);
  const indexed = protocol.indexedProperties(parsed.event);
  const keys = parsed.verified ? derivedKeys(type, indexed) : [];
  return { type, properties: { ...indexed, ...derivedKeyProperties(keys) }, keys };
}

const KEY_PROPERTIES = new Set(DERIVATION_KINDS.flatMap((kind) => [`_${kind}Def`, `_${kind}Ref`]));

/** Step 1: every stored event's indexed properties, derived again from its stored JSON. */
export async function reindexProperties<E>(
  graph: EventGraph,
  options: MigrationOptions<E>,
): Promise<PropertySummary> {
  const limit = neo4j.int(options.batchSize ?? 500);
  const report = throttled(options);
  let after = '';
  let eventsScanned = 0;
  let eventsUpdated = 0;
  let propertiesSet = 0;
  let propertiesRemoved = 0;
  let eventsKeyed = 0;
  let unreadable = 0;
  const unreadableIds: string[] = [];
  for (;;) {
    // Read, compare and write in one transaction: a retry starts the page over.
    const page = await graph.write('migrate properties', async (tx) => {
      const result = await tx.run(STORED_EVENTS_PAGE_CYPHER, { after, limit });
      const updates: { id: string; properties: Record<string, unknown> }[] = [];
      // Events that get a key now: their links are derived once the keys are written.
      const keyed: { id: string; derived: readonly DerivedKey[] }[] = [];
      const nodes = new Map<string, string>();
      let set = 0;
      let removed = 0;
      const bad: string[] = [];
      for (const record of result.records) {
        const id = record.get('id') as string;
        nodes.set(id, record.get('node') as string);
        const derived = derive(options.protocol, record.get('json') as string);
        if (derived === undefined) {
          bad.push(id);
          continue;
        }
        const stored = Object.fromEntries(record.get('properties') as [string, unknown][]);
        const changes = propertyChanges(
          stored,
          derived.properties,
          options.ownedProperties?.(derived.type) ?? [],
        );
        const names = Object.keys(changes.set).length + changes.remove.length;
        if (names === 0) continue;
        if (Object.keys(changes.set).some((name) => KEY_PROPERTIES.has(name)))
          keyed.push({ id, derived: derived.keys });
        set += Object.keys(changes.set).length;
        removed += changes.remove.length;
        updates.push({
          id,
          // A null value in `SET n += map` removes the property.
          properties: {
            ...propertyParameters(changes.set),
            ...Object.fromEntries(changes.remove.map((name) => [name, null])),
          },
        });
      }
      if (updates.length > 0) await tx.run(UPDATE_PROPERTIES_CYPHER, { updates });
      // The aggregator's own statements: the same links, whichever end was stored first.
      for (const kind of DERIVATION_KINDS) {
        const derivations = derivationParameters(keyed, kind, nodes);
        if (derivations !== undefined) await tx.run(DERIVE_LINKS_CYPHER[kind], derivations);
      }
      const ids = result.records.map((record) => record.get('id') as string);
      return { ids, updated: updates.length, set, removed, bad, keyed: keyed.length };
    });
    if (page.ids.length === 0) break;
    after = page.ids.at(-1) ?? after;
    eventsScanned += page.ids.length;
    eventsUpdated += page.updated;
    propertiesSet += page.set;
    propertiesRemoved += page.removed;
    eventsKeyed += page.keyed;
    unreadable += page.bad.length;
    unreadableIds.push(...page.bad.slice(0, UNREADABLE_SHOWN - unreadableIds.length));
    report(`indexed properties: ${eventsScanned} events scanned, ${eventsUpdated} updated`);
  }
  report(`indexed properties: ${eventsScanned} events scanned, ${eventsUpdated} updated (done)`, true);
  if (unreadable > 0) {
    options.progress?.(
      `indexed properties: ${unreadable} stored events the protocol rejects now were left as they are: ` +
        `${unreadableIds.join(', ')}${unreadable > unreadableIds.length ? ', …' : ''}`,
    );
  }
  return {
    eventsScanned,
    eventsUpdated,
    propertiesSet,
    propertiesRemoved,
    eventsKeyed,
    unreadable,
    unreadableIds,
  };
}

/**
 * Step 2: the history index for stored events it has not placed, in the order they were stored,
 * by the aggregator's own statement: the chains it would have written had it had the index from
 * the start (events stored in one batch go by time, then id: the batch's order is not stored).
 */
export async function backfillHistoryIndex(
  graph: EventGraph,
  options: MigrationOptions<unknown>,
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  // Finding the next events scans the graph: a page of several batches per scan.
  const limit = neo4j.int(batchSize * 10);
  const report = throttled(options);
  // Numbers as read: Cypher compares integers and floats by value.
  let cursor: { storedAt: unknown; time: unknown; id: string } = { storedAt: -1, time: -1, id: '' };
  let indexed = 0;
  for (;;) {
    const page = await graph.read('migrate history index', (tx) =>
      tx.run(UNINDEXED_PAGE_CYPHER, { ...cursor, limit }),
    );
    if (page.records.length === 0) break;
    const ids = page.records.map((record) => record.get('id') as string);
    for (let start = 0; start < ids.length; start += batchSize) {
      const batch = ids.slice(start, start + batchSize);
      indexed += await graph.write('migrate history index', async (tx) => {
        // Locked first: INDEX_HISTORY_CYPHER reads a node's own `_chain` without locking it.
        const still = await tx.run(LOCK_UNINDEXED_CYPHER, { ids: batch });
        const pending = new Map(
          still.records.map((record) => [record.get('id') as string, record.get('node') as string]),
        );
        const ordered = batch.flatMap((id) => pending.get(id) ?? []);
        if (ordered.length > 0)
          await tx.run(INDEX_HISTORY_CYPHER, { nodes: ordered, chainLinks: HISTORY_CHAIN_LINKS });
        return ordered.length;
      });
      report(`history index: ${indexed} events indexed`);
    }
    const last = page.records.at(-1);
    cursor = { storedAt: last?.get('storedAt'), time: last?.get('time'), id: last?.get('id') as string };
  }
  report(`history index: ${indexed} events indexed (done)`, true);
  return indexed;
}

/** Both steps, properties first. */
export async function migrateGraph<E>(
  graph: EventGraph,
  options: MigrationOptions<E>,
): Promise<MigrationSummary> {
  const properties = await reindexProperties(graph, options);
  const eventsIndexed = await backfillHistoryIndex(graph, options);
  return { ...properties, eventsIndexed };
}
