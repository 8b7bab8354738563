import { EVENT_LABEL } from '@tracey/graph';

// Statements of the traversals. Labels come from the graph module's constants; link types from
// the user are a parameter (`$linkTypes`, checked against the protocol's closed set first).

/**
 * What an event's outcome is, from the properties the graph copies: a test's verdict, an
 * activity's conclusion, a CDEvent's outcome, a confidence level's value; null for other types.
 */
const outcome = (node: string) =>
  `coalesce(${node}.verdict, ${node}.conclusion, ${node}.outcome, ${node}.value)`;

/** The start node: type, time, outcome and whether it is a stored event (not a placeholder). */
export const NODE_CYPHER = `MATCH (n:${EVENT_LABEL} {id: $id})
RETURN n.id AS id, n.type AS type, n.time AS time, ${outcome('n')} AS outcome, n.hash IS NOT NULL AS stored`;

const linkFilter = '($linkTypes IS NULL OR type(r) IN $linkTypes)';
const neighbour = `m.id AS neighbour, m.type AS type, m.time AS time, ${outcome('m')} AS outcome, m.hash IS NOT NULL AS stored`;

// `USING INDEX SEEK` on every lookup of a list of ids: for a list of a few hundred ids Neo4j 5.26
// may plan a scan of the whole id index per id (4.6 million database hits for 1,034 ids on a graph
// of 4,414 events: traversals ran into the 10 s limit in CI; `USING INDEX` alone still allowed the
// scan), where a seek per id is what it needs.

/** One breadth-first level upstream: the events that the frontier's events link to. */
export const UPSTREAM_LEVEL_CYPHER = `UNWIND $frontier AS id
MATCH (n:${EVENT_LABEL} {id: id})-[r]->(m:${EVENT_LABEL}) USING INDEX SEEK n:${EVENT_LABEL}(id)
WHERE ${linkFilter}
RETURN n.id AS id, coalesce(r.linkType, type(r)) AS linkType, ${neighbour}`;

/** One breadth-first level downstream: the events that link to the frontier's events. */
export const DOWNSTREAM_LEVEL_CYPHER = `UNWIND $frontier AS id
MATCH (n:${EVENT_LABEL} {id: id})<-[r]-(m:${EVENT_LABEL}) USING INDEX SEEK n:${EVENT_LABEL}(id)
WHERE ${linkFilter}
RETURN n.id AS id, coalesce(r.linkType, type(r)) AS linkType, ${neighbour}`;

const reachStatements = new Map<string, string>();

/**
 * Every node reachable in one statement, with its shortest depth (Neo4j plans it as a pruning
 * breadth-first expand); `maxDepth` `null` follows every chain to its end. Cypher takes neither relationship types nor length bounds as
 * parameters, so the statement is generated from `linkTypes` — members of the protocol's closed
 * set, checked by the caller — and `maxDepth`, a validated integer; generated once per shape.
 */
export function reachCypher(
  direction: 'upstream' | 'downstream',
  linkTypes: readonly string[] | undefined,
  maxDepth: number | null,
): string {
  if (maxDepth !== null && (!Number.isSafeInteger(maxDepth) || maxDepth < 1)) {
    throw new Error(`bad maxDepth ${maxDepth}`);
  }
  for (const type of linkTypes ?? []) {
    if (!/^[A-Z][A-Z_]*$/.test(type)) throw new Error(`bad relationship type ${type}`);
  }
  const types = linkTypes === undefined ? '' : `:${[...new Set(linkTypes)].sort().join('|')}`;
  const key = `${direction} ${types} ${maxDepth}`;
  let statement = reachStatements.get(key);
  if (statement === undefined) {
    const [left, right] = direction === 'upstream' ? ['-', '->'] : ['<-', '-'];
    // A bounded statement reads one level past `maxDepth`: the caller tells a cut from an end.
    const range = maxDepth === null ? '*1..' : `*1..${maxDepth + 1}`;
    statement = `MATCH (s:${EVENT_LABEL} {id: $id})
MATCH p = (s)${left}[${types}${range}]${right}(m:${EVENT_LABEL})
WITH m, min(length(p)) AS depth
ORDER BY depth, m.time, m.id
LIMIT $limit
RETURN ${neighbour}, depth`;
    reachStatements.set(key, statement);
  }
  return statement;
}
