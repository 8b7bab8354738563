import { EVENT_LABEL } from '@tracey/graph';

/** Steps of a path given at each end; a longer path has the middle left out (and says so). */
export const PATH_END_STEPS = 100;

const RETURN_PATH = `WITH p, length(p) AS links
WITH links, CASE WHEN links < ${2 * PATH_END_STEPS} THEN nodes(p)
  ELSE nodes(p)[0..${PATH_END_STEPS}] + nodes(p)[-${PATH_END_STEPS}..] END AS shown,
  CASE WHEN links < ${2 * PATH_END_STEPS} THEN relationships(p)
  ELSE relationships(p)[0..${PATH_END_STEPS - 1}] + relationships(p)[-${PATH_END_STEPS - 1}..] END AS shownLinks
RETURN links, [n IN shown | {id: n.id, type: n.type, time: n.time}] AS nodes,
  [r IN shownLinks | coalesce(r.linkType, type(r))] AS linkTypes`;

/**
 * The shortest chain of links from `$to` back to `$from`: `$to` is downstream of `$from` when it
 * reaches `$from` by following links. No hop bound: Neo4j searches from both ends at once. Only
 * the ends of a long path are read.
 */
export const SHORTEST_PATH_CYPHER = `MATCH (b:${EVENT_LABEL} {id: $to}), (a:${EVENT_LABEL} {id: $from})
MATCH p = shortestPath((b)-[*]->(a))
${RETURN_PATH}`;

/**
 * As {@link SHORTEST_PATH_CYPHER}, every event on the chain in the time window `[$lo, $hi]` — the
 * two ends' times widened by the clock-skew tolerance — which prunes the search to the history
 * between them: what it cannot find there is not connected (within the tolerance).
 */
export const SHORTEST_PATH_IN_WINDOW_CYPHER = `MATCH (b:${EVENT_LABEL} {id: $to}), (a:${EVENT_LABEL} {id: $from})
MATCH p = shortestPath((b)-[*]->(a))
WHERE all(n IN nodes(p) WHERE n.time >= $lo AND n.time <= $hi)
${RETURN_PATH}`;
