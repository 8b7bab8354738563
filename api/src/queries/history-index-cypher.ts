import { EVENT_LABEL } from '@tracey/aggregator';

// Statements over the history index the aggregator writes with each batch (see the aggregator's
// INDEX_HISTORY_CYPHER): `_chain`, `_chainSeq`, `_chainUp` on every stored event.

/** Where an event is in the index; no row for an unknown id, nulls for an unindexed event. */
export const CHAIN_POSITION_CYPHER = `MATCH (n:${EVENT_LABEL} {id: $id})
RETURN n._chain AS chain, n._chainSeq AS seq`;

/**
 * The indexed events within `$hops` links upstream of `$id`, at most `$limit` paths walked: where
 * a search enters the index. Each with the fewest links it was found at.
 */
export const CHAIN_ENTRIES_CYPHER = `MATCH (b:${EVENT_LABEL} {id: $id})
MATCH p = (b)-[*0..4]->(x:${EVENT_LABEL})
WITH x, length(p) AS hops LIMIT $limit
WITH x, min(hops) AS hops WHERE x._chain IS NOT NULL
RETURN x.id AS id, x._chain AS chain, x._chainSeq AS seq, hops`;

/** For each chain of `$chains`, the event its first node links up to, with its position. */
export const CHAIN_UPS_CYPHER = `UNWIND $chains AS chain
MATCH (r:${EVENT_LABEL} {id: chain}) WHERE r._chainUp IS NOT NULL
MATCH (u:${EVENT_LABEL} {id: r._chainUp}) WHERE u._chain IS NOT NULL
RETURN chain, u.id AS id, u._chain AS upChain, u._chainSeq AS upSeq`;

/** The events of chain `$chain` with seq in `[$lo, $hi]`, highest first. */
export const CHAIN_SLICE_CYPHER = `MATCH (n:${EVENT_LABEL})
WHERE n._chain = $chain AND n._chainSeq >= $lo AND n._chainSeq <= $hi
RETURN n.id AS id, n.type AS type, n.time AS time
ORDER BY n._chainSeq DESC`;

/** The events of `$ids`, with type and time. */
export const NODES_CYPHER = `UNWIND $ids AS id
MATCH (n:${EVENT_LABEL} {id: id})
RETURN n.id AS id, n.type AS type, n.time AS time`;

/** The link type from each `[source, target]` of `$pairs` (the first, if several). */
export const LINK_TYPES_CYPHER = `UNWIND $pairs AS pair
MATCH (s:${EVENT_LABEL} {id: pair[0]})-[r]->(t:${EVENT_LABEL} {id: pair[1]})
WITH pair, min(coalesce(r.linkType, type(r))) AS linkType
RETURN pair[0] AS source, pair[1] AS target, linkType`;

/** A shortest chain of at most 4 links from `$to` back to `$from`, every node's id. */
export const SHORT_PATH_CYPHER = `MATCH (b:${EVENT_LABEL} {id: $to}), (a:${EVENT_LABEL} {id: $from})
MATCH p = shortestPath((b)-[*1..4]->(a))
RETURN [n IN nodes(p) | n.id] AS ids`;
