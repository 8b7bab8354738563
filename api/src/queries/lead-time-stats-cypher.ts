import neo4j from 'neo4j-driver';
import { EVENT_LABEL } from '@tracey/graph';
import { filterableProperties, type EventSelector } from './event-selector.js';
import { STATS_LINK_TYPES } from './trace-links.js';

/** A statement with its parameters. */
export interface Statement {
  readonly text: string;
  readonly params: Record<string, unknown>;
}

const linkTypes = STATS_LINK_TYPES.join('|');
const MAX_TIME = 8.64e15;

// Property names come from the type's indexed properties (checked again here), values are
// parameters: `t.name = $to0`.
function conditions(
  node: 't' | 'f',
  prefix: string,
  selector: EventSelector,
  params: Record<string, unknown>,
): string {
  const allowed = filterableProperties(selector.type);
  return selector.filters
    .map((filter, index) => {
      if (!allowed.includes(filter.property) || !/^[a-zA-Z]+$/.test(filter.property)) {
        throw new Error(`bad filter property ${filter.property}`);
      }
      const name = `${prefix}${index}`;
      params[name] = filter.value;
      return ` AND ${node}.${filter.property} = $${name}`;
    })
    .join('');
}

/**
 * For every `to` event in `[since, until)` (`null`: open; oldest first, `$limit` at most), the
 * earliest `from` event it reaches by following links other than the history ones, or none (an
 * OPTIONAL CALL keeps the `to` event). One statement; `to` events come from the type and time
 * index. The earliest is taken with `min([time, id])` over the distinct reached events: a sort
 * there would let the planner drop the pruning expand and walk every path instead of every node.
 */
export function leadTimeStatsCypher(
  from: EventSelector,
  to: EventSelector,
  window: { readonly since: number | null; readonly until: number | null; readonly limit: number },
): Statement {
  const params: Record<string, unknown> = {
    fromTypes: from.types,
    toTypes: to.types,
    // An open end is the end of JavaScript's time range, so the time index serves both bounds.
    since: window.since ?? -MAX_TIME,
    until: window.until ?? MAX_TIME,
    limit: neo4j.int(window.limit),
  };
  const toConditions = conditions('t', 'to', to, params);
  const fromConditions = conditions('f', 'from', from, params);
  const text = `MATCH (t:${EVENT_LABEL})
WHERE t.type IN $toTypes AND t.time >= $since AND t.time < $until${toConditions}
WITH t ORDER BY t.time, t.id LIMIT $limit
OPTIONAL CALL (t) {
  MATCH (t)-[:${linkTypes}*1..]->(f:${EVENT_LABEL})
  WITH DISTINCT f WHERE f.type IN $fromTypes${fromConditions}
  WITH min([f.time, f.id]) AS first
  RETURN first[1] AS fromId, first[0] AS fromTime
}
RETURN t.id AS toId, t.time AS toTime, fromId, fromTime`;
  return { text, params };
}
