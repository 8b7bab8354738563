import { EVENT_LABEL } from '@tracey/graph';

// Statements over the history index the aggregator writes with each batch (see the aggregator's
// INDEX_HISTORY_CYPHER): `_chain`, `_chainSeq`, `_chainUp` on every stored event.

/**
 * Where `$from` is in the index (`targetChain`, `targetSeq`: null when unindexed), and the indexed
 * events within 4 links upstream of `$to`, at most `$limit` paths walked: where a search enters
 * the index, each with the ids of a shortest way there from `$to`.
 */
export const CHAIN_ENTRIES_CYPHER = `MATCH (a:${EVENT_LABEL} {id: $from})
WITH a._chain AS targetChain, a._chainSeq AS targetSeq
MATCH (b:${EVENT_LABEL} {id: $to})
MATCH p = (b)-[*0..4]->(x:${EVENT_LABEL})
WITH targetChain, targetSeq, x, p LIMIT $limit
WITH targetChain, targetSeq, x, p WHERE x._chain IS NOT NULL
ORDER BY length(p)
WITH targetChain, targetSeq, x, collect(p)[0] AS p
RETURN targetChain, targetSeq, x._chain AS chain, x._chainSeq AS seq, [n IN nodes(p) | n.id] AS ids`;

/** Chain-to-chain steps one {@link CHAIN_UPS_CYPHER} follows from each chain it is given. */
export const UP_HOPS = 8;

/**
 * For each chain of `$chains`, the event its first node links up to, with its position; then that
 * event's chain's first node's, and so on, up to {@link UP_HOPS} steps in one round trip (a
 * lattice of compositions 40 deep took 33 round trips one step at a time). Rows: `chain` (where
 * the step starts), `id`, `upChain`, `upSeq`, `hop` (1 … UP_HOPS; a walk may go on from the last).
 */
export const CHAIN_UPS_CYPHER = [
  'UNWIND $chains AS chain',
  `MATCH (r0:${EVENT_LABEL} {id: chain}) USING INDEX SEEK r0:${EVENT_LABEL}(id)`,
  'WHERE r0._chainUp IS NOT NULL',
  `MATCH (u1:${EVENT_LABEL} {id: r0._chainUp}) WHERE u1._chain IS NOT NULL`,
  ...Array.from({ length: UP_HOPS - 1 }, (_, index) => {
    const hop = index + 1;
    return [
      `OPTIONAL MATCH (r${hop}:${EVENT_LABEL} {id: u${hop}._chain}) WHERE r${hop}._chainUp IS NOT NULL`,
      `OPTIONAL MATCH (u${hop + 1}:${EVENT_LABEL} {id: r${hop}._chainUp}) WHERE u${hop + 1}._chain IS NOT NULL`,
    ];
  }).flat(),
  `UNWIND [${Array.from(
    { length: UP_HOPS },
    (_, index) =>
      `{hop: ${index + 1}, chain: ${index === 0 ? 'chain' : `u${index}._chain`}, u: u${index + 1}}`,
  ).join(', ')}] AS step`,
  'WITH step WHERE step.u IS NOT NULL',
  'RETURN step.chain AS chain, step.u.id AS id, step.u._chain AS upChain, step.u._chainSeq AS upSeq, step.hop AS hop',
].join('\n');

/**
 * The events of `$parts`, in order: each part either `{ids}` (those events, in that order) or
 * `{chain, hi, lo}` (the chain's events from seq `hi` down to `lo`). Rows: `part`, `at` (the
 * position within the part), `id`, `type`, `time`.
 */
export const PARTS_CYPHER = `UNWIND range(0, size($parts) - 1) AS part
CALL (part) {
  WITH $parts[part] AS listed WHERE listed.ids IS NOT NULL
  UNWIND range(0, size(listed.ids) - 1) AS at
  MATCH (n:${EVENT_LABEL} {id: listed.ids[at]})
  RETURN at, n
  UNION
  WITH $parts[part] AS slice WHERE slice.ids IS NULL
  MATCH (n:${EVENT_LABEL})
  WHERE n._chain = slice.chain AND n._chainSeq >= slice.lo AND n._chainSeq <= slice.hi
  RETURN slice.hi - n._chainSeq AS at, n
}
RETURN part, at, n.id AS id, n.type AS type, n.time AS time
ORDER BY part, at`;

/** The link type from each `[source, target]` of `$pairs` (the first, if several). */
export const LINK_TYPES_CYPHER = `UNWIND $pairs AS pair
MATCH (s:${EVENT_LABEL} {id: pair[0]})-[r]->(t:${EVENT_LABEL} {id: pair[1]}) USING INDEX SEEK s:${EVENT_LABEL}(id)
WITH pair, min(coalesce(r.linkType, type(r))) AS linkType
RETURN pair[0] AS source, pair[1] AS target, linkType`;
