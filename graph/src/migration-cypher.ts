import { EVENT_LABEL } from './graph-vocabulary.js';

// The statements of the graph migration (graph-migration.ts). Stored events never change once
// written, so the migration only touches what the aggregator derives from them.

/**
 * A page of stored events after `$after` in id order (the id constraint's index gives the order):
 * the JSON and every other property as `[name, value]` pairs.
 */
export const STORED_EVENTS_PAGE_CYPHER = `MATCH (n:${EVENT_LABEL}) WHERE n.id > $after AND n.hash IS NOT NULL
RETURN n.id AS id, elementId(n) AS node, n.event AS json, [k IN keys(n) WHERE k <> 'event' | [k, n[k]]] AS properties
ORDER BY n.id LIMIT $limit`;

/** Sets (a value) or removes (`null`) the given properties of stored events. */
export const UPDATE_PROPERTIES_CYPHER = `UNWIND $updates AS u
MATCH (n:${EVENT_LABEL} {id: u.id}) WHERE n.hash IS NOT NULL
SET n += u.properties`;

/**
 * A stored event the history index has not placed: no `_chain`, or a chain's first event without
 * `_chainUp` although it has link targets — a node that another one continued before its own
 * place was written (the aggregator writes `_chainUp` when that node's event is indexed).
 */
const NEEDS_HISTORY_INDEX = `n.hash IS NOT NULL AND (n._chain IS NULL OR
  (n._chainSeq = 0 AND n._chainUp IS NULL AND EXISTS { MATCH (n)-->(p:${EVENT_LABEL}) WHERE p <> n }))`;

/**
 * Stored events the history index has not placed, after the cursor in the order they were stored
 * (`storedAt`, then `time`, then id): the order the aggregator would have indexed them in.
 */
export const UNINDEXED_PAGE_CYPHER = `MATCH (n:${EVENT_LABEL})
WITH n, coalesce(n.storedAt, 0) AS storedAt, coalesce(n.time, 0) AS time
WHERE (storedAt > $storedAt OR (storedAt = $storedAt AND (time > $time OR (time = $time AND n.id > $id))))
  AND ${NEEDS_HISTORY_INDEX}
RETURN n.id AS id, storedAt, time
ORDER BY storedAt, time, id LIMIT $limit`;

/**
 * Which of `$ids` still need their place in the history index, each write-locked (in id order,
 * as workers lock) before it is read: a worker continuing one of them waits, or is seen. The
 * aggregator's own statement relies on the node being locked already, as step 1 leaves it.
 */
export const LOCK_UNINDEXED_CYPHER = `UNWIND $ids AS id
WITH id ORDER BY id
MATCH (n:${EVENT_LABEL} {id: id})
SET n._lock = true REMOVE n._lock
WITH n WHERE ${NEEDS_HISTORY_INDEX}
RETURN n.id AS id, elementId(n) AS node`;
