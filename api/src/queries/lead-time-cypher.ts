import { EVENT_LABEL } from '@tracey/aggregator';
import { LIMITS } from '../limits.js';

/**
 * The shortest chain of links from `$to` back to `$from`: `$to` is downstream of `$from` when it
 * reaches `$from` by following links. The length bound is a constant of the code, not input.
 */
export const SHORTEST_PATH_CYPHER = `MATCH (b:${EVENT_LABEL} {id: $to}), (a:${EVENT_LABEL} {id: $from})
MATCH p = shortestPath((b)-[*..${LIMITS.maxPathLength}]->(a))
RETURN [n IN nodes(p) | {id: n.id, type: n.type, time: n.time}] AS nodes,
  [r IN relationships(p) | coalesce(r.linkType, type(r))] AS linkTypes`;
