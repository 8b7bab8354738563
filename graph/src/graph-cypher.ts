import { DERIVATION_KINDS, DERIVED_LINK_TYPES, type DerivationKind } from './derived-links.js';
import { EVENT_LABEL, PLACEHOLDER_LABEL } from './graph-vocabulary.js';

/** Label of the nodes that serialize the derivation of links by one key (derived-links.ts). */
export const DERIVATION_KEY_LABEL = 'DerivationKey';

// Every statement the graph module runs. Labels and relationship types are fixed names or
// dynamic values the graph module takes from a checked vocabulary (see graph-vocabulary.ts);
// input only ever arrives as parameters.

/** Schema of the graph: created at worker start, idempotent (`IF NOT EXISTS`). */
export const SCHEMA_STATEMENTS: readonly string[] = [
  `CREATE CONSTRAINT tracey_event_id IF NOT EXISTS FOR (n:${EVENT_LABEL}) REQUIRE n.id IS UNIQUE`,
  `CREATE INDEX tracey_event_type_time IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n.type, n.time)`,
  `CREATE INDEX tracey_event_time IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n.time)`,
  `CREATE INDEX tracey_event_commit_id IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n.commitId)`,
  // The DORA keys of one service or team read its deployments (and those incidents name) by these.
  `CREATE INDEX tracey_event_service_id IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n.serviceId)`,
  `CREATE INDEX tracey_event_artifact_id IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n.artifactId)`,
  'CREATE INDEX tracey_artifact_identity IF NOT EXISTS FOR (n:EiffelArtifactCreatedEvent) ON (n.identity)',
  'CREATE INDEX tracey_confidence_name_value IF NOT EXISTS FOR (n:EiffelConfidenceLevelModifiedEvent) ON (n.name, n.value)',
  'CREATE INDEX tracey_activity_name IF NOT EXISTS FOR (n:EiffelActivityTriggeredEvent) ON (n.name)',
  `CREATE INDEX tracey_placeholder_since IF NOT EXISTS FOR (n:${PLACEHOLDER_LABEL}) ON (n.placeholderSince)`,
  `CREATE INDEX tracey_history_chain IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n._chain, n._chainSeq)`,
  `CREATE CONSTRAINT tracey_derivation_key IF NOT EXISTS FOR (k:${DERIVATION_KEY_LABEL}) REQUIRE k.key IS UNIQUE`,
  ...DERIVATION_KINDS.flatMap((kind) =>
    ['Def', 'Ref'].map(
      (side) =>
        `CREATE INDEX tracey_derived_${kind}_${side.toLowerCase()} IF NOT EXISTS FOR (n:${EVENT_LABEL}) ON (n._${kind}${side})`,
    ),
  ),
];

/** Waits until the indexes are online, so the first batch does not scan. */
export const AWAIT_INDEXES = 'CALL db.awaitIndexes(300)';

// The write statements' plans are seeks by element id and by unique or named indexes, whatever
// the statistics say; Neo4j would otherwise plan them again each time the growing graph's
// statistics drift (every 10 s at most, ~0.1 s of its CPU each, stalling the batch that waits).
const PLANNED_ONCE = 'CYPHER replan=skip';

// Takes the node's write lock before it is read, so concurrent workers see each other's commits.
const lock = (node: string): string => `SET ${node}._lock = true REMOVE ${node}._lock`;

/**
 * Step 1 of a batch write, one row per event in `$events` (ids unique within the batch):
 * - a new id, or a placeholder, becomes the complete event: type label, properties, hash, JSON;
 *   links that waited for it as a placeholder get their target rule checked;
 * - an id already stored is left untouched; its stored hash is returned so that the caller tells
 *   a duplicate (same hash) from a conflict (another hash).
 * `e.labels` is a dynamic label (`$(...)`): a parameter value, never Cypher text, and the graph
 * module only passes members of its checked vocabulary. One statement for every type costs
 * Neo4j about a fifth less CPU than one statement per label.
 * Returns one record per row: `id`, `previousHash` (null when the row was stored now),
 * `previousJson` (the stored text when its hash is another: the caller tells a conflict from the
 * same value in another key order), and `node`,
 * the node's element id: steps 2–4 find the node by it, which costs Neo4j a record lookup
 * instead of a seek in the id index per row.
 */
export const WRITE_EVENTS_CYPHER = `${PLANNED_ONCE}
UNWIND $events AS e
MERGE (n:${EVENT_LABEL} {id: e.id})
${lock('n')}
WITH n, e, n.hash AS previousHash
CALL (n, e, previousHash) {
  WITH n, e WHERE previousHash IS NULL
  SET n:$(e.labels), n += e.properties, n.hash = e.hash, n.event = e.json, n.storedAt = $now
  REMOVE n:${PLACEHOLDER_LABEL}, n.placeholderSince
  WITH n
  CALL (n) {
    MATCH ()-[r]->(n) WHERE r.pendingTargetTypes IS NOT NULL
    SET r.legalTarget = n.type IN r.pendingTargetTypes
    REMOVE r.pendingTargetTypes
  }
}
RETURN e.id AS id, previousHash, elementId(n) AS node,
  CASE WHEN previousHash <> e.hash THEN n.event END AS previousJson`;

/**
 * Step 2: the links of the events stored in step 1 (`l.node`: the source's element id from step 1),
 * `$links` sorted by target; `l.type` is a
 * dynamic relationship type from the checked vocabulary (or `LINK`). A target not stored yet
 * becomes a placeholder. Link target rules: `legalTarget` is set when both ends are known; while
 * the target is a placeholder the allowed types wait in `pendingTargetTypes` and step 1 checks
 * them when the target's event arrives.
 */
// The target's hash is read after CREATE: creating a relationship write-locks both nodes, so a
// concurrent transaction completing the target is either seen here or sees this relationship.
export const CREATE_LINKS_CYPHER = `${PLANNED_ONCE}
UNWIND $links AS l
MATCH (n) WHERE elementId(n) = l.node
MERGE (t:${EVENT_LABEL} {id: l.target})
ON CREATE SET t:${PLACEHOLDER_LABEL}, t.placeholderSince = $now
CREATE (n)-[r:$(l.type)]->(t)
SET r += l.properties
WITH r, t, l, t.hash IS NOT NULL AS targetKnown
SET r.legalTarget = CASE WHEN l.targetTypes IS NULL THEN l.legal WHEN targetKnown THEN t.type IN l.targetTypes END,
  r.pendingTargetTypes = CASE WHEN l.targetTypes IS NOT NULL AND NOT targetKnown THEN l.targetTypes END`;

/**
 * Step 3: links derived from the keys of the events stored in step 1, one statement per kind of
 * key (`$nodes`: element ids of the events, `$locks` the keys they define and name, sorted). A referrer links to every
 * definer of its key ranked below its `Below`; a definer gets a link from every referrer that
 * ranks it so: whichever of the two is stored second makes the link, so the result does not
 * depend on the order events arrive in. Both sides first MERGE and write-lock a node for the key
 * (a referrer naming another key than it defines, for both),
 * deleted again before commit: the key's uniqueness constraint makes a second transaction's MERGE
 * of it wait until the first commits, so a referrer and a definer written at the same moment by
 * two workers take turns and the second sees the first, and the graph keeps no node but events.
 * Each pair is linked once: by the transaction that stores the second of the two (pairs found
 * from both ends of one batch are made distinct first), so CREATE, cheaper than MERGE, suffices.
 * Each link says it was derived (`derived: true`) and from which field of the referrer
 * (`derivedFrom`).
 */
export function deriveLinksCypher(kind: DerivationKind): string {
  const [def, ref] = [`_${kind}Def`, `_${kind}Ref`];
  const [rank, below, field] = [`_${kind}Rank`, `_${kind}Below`, `_${kind}Field`];
  const type = DERIVED_LINK_TYPES[kind];
  // A change id is unique in its repository only: when both sides name the source, it must match.
  const sameSource = (a: string, b: string): string =>
    kind === 'change'
      ? ` AND (${a}._changeSource IS NULL OR ${b}._changeSource IS NULL OR ${a}._changeSource = ${b}._changeSource)`
      : '';
  return `${PLANNED_ONCE}
UNWIND $locks AS key
MERGE (k:${DERIVATION_KEY_LABEL} {key: key})
${lock('k')}
WITH collect(k) AS keys
UNWIND $nodes AS node
MATCH (n) WHERE elementId(n) = node
OPTIONAL CALL (n) {
  MATCH (o:${EVENT_LABEL} {${def}: n.${ref}}) USING INDEX o:${EVENT_LABEL}(${def})
  WHERE o <> n AND o.${rank} < n.${below}${sameSource('n', 'o')}
  RETURN n AS a, o AS b
  UNION
  MATCH (o:${EVENT_LABEL} {${ref}: n.${def}}) USING INDEX o:${EVENT_LABEL}(${ref})
  WHERE o <> n AND n.${rank} < o.${below}${sameSource('o', 'n')}
  RETURN o AS a, n AS b
}
WITH keys, collect(DISTINCT [a, b]) AS pairs
CALL (pairs) {
  UNWIND pairs AS pair
  WITH pair[0] AS a, pair[1] AS b WHERE a IS NOT NULL
  CREATE (a)-[r:${type}]->(b)
  SET r.derivedFrom = a.${field}, r.derived = true, r.legalTarget = true
}
CALL (keys) {
  UNWIND keys AS k
  DELETE k
}`;
}

/** {@link deriveLinksCypher} of every kind, built once. */
export const DERIVE_LINKS_CYPHER: Readonly<Record<DerivationKind, string>> = Object.fromEntries(
  DERIVATION_KINDS.map((kind) => [kind, deriveLinksCypher(kind)]),
) as Record<DerivationKind, string>;

/**
 * Step 4: the history index, for the events stored in step 1, in `$nodes` order (their element
 * ids; a parent before its children where the batch has both). Every node is on one *chain*: a path of real links
 * `(chain, seq) → (chain, seq − 1) → … → (chain, 0)`, where the node with seq 0 is the one whose
 * id names the chain. A node continues the chain of its first `$chainLinks` target
 * (PREVIOUS_VERSION: version histories are the long ones) that no other node continues yet;
 * else it starts a chain of its own, and `_chainUp` names its first link target (a chain link's
 * first, then the newest). So a node reaches every node of its chain with a lower seq, and a
 * chain's first node reaches `_chainUp`: on a history of 50,000 builds, a query proves "A is
 * upstream of B" in a few lookups instead of a walk of 50,000 links. A target with no chain yet
 * (a placeholder, or an event later in this batch) starts one; when its own event arrives, it
 * only gets its `_chainUp`. The targets a node may continue are write-locked before their
 * `_chainNext` is read (creating a link does not lock a dense node exclusively): so a chain's next
 * is claimed once, whatever other workers do.
 */
export const INDEX_HISTORY_CYPHER = `${PLANNED_ONCE}
UNWIND $nodes AS node
CALL (node) {
  MATCH (n) WHERE elementId(n) = node
  OPTIONAL MATCH (n)-[r]->(p:${EVENT_LABEL}) WHERE p <> n
  WITH n, p, type(r) IN $chainLinks AS continues
  ORDER BY continues DESC, p.time DESC, p.id
  WITH n, collect(p) AS parents, collect(CASE WHEN continues THEN p END) AS continuable
  CALL (continuable) {
    UNWIND continuable AS c
    ${lock('c')}
  }
  WITH n, parents, [x IN continuable WHERE x._chainNext IS NULL][0] AS free
  CALL (n, parents) {
    WITH n, parents WHERE n._chain IS NOT NULL
    SET n._chainUp = parents[0].id
  }
  CALL (n, free) {
    WITH n, free WHERE n._chain IS NULL AND free IS NOT NULL
    SET free._chain = coalesce(free._chain, free.id), free._chainSeq = coalesce(free._chainSeq, 0)
    SET free._chainNext = n.id, n._chain = free._chain, n._chainSeq = free._chainSeq + 1
  }
  CALL (n, parents) {
    WITH n, parents WHERE n._chain IS NULL
    SET n._chain = n.id, n._chainSeq = 0, n._chainUp = parents[0].id
  }
}`;

/** Link types along which a node continues its target's chain in the history index. */
export const HISTORY_CHAIN_LINKS: readonly string[] = ['PREVIOUS_VERSION'];

/** Placeholders, oldest first, with the links that point at them. */
export const MISSING_TARGETS_CYPHER = `MATCH (p:${PLACEHOLDER_LABEL})
WITH p ORDER BY p.placeholderSince, p.id LIMIT $limit
CALL (p) {
  MATCH (s:${EVENT_LABEL})-[r]->(p)
  RETURN collect({ source: s.id, sourceType: s.type, linkType: coalesce(r.linkType, type(r)) }) AS linkedFrom
}
RETURN p.id AS id, p.placeholderSince AS since, linkedFrom`;

export const PLACEHOLDER_COUNT_CYPHER = `MATCH (p:${PLACEHOLDER_LABEL}) RETURN count(p) AS count`;

export const GET_EVENT_CYPHER = `MATCH (n:${EVENT_LABEL} {id: $id}) WHERE n.hash IS NOT NULL RETURN n.event AS json`;
