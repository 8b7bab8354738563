import neo4j from 'neo4j-driver';
import { EVENT_LABEL, type ReadTransaction } from '@tracey/graph';
import { apiError } from '../api-error.js';
import {
  readStoredNode,
  traverse,
  type Direction,
  type NodeRecord,
  type TraversalResult,
} from './traversal.js';
import { reachCypher } from './traversal-cypher.js';

/** One direction of a link search: `undefined` link types follow every type. */
export interface DirectionRequest {
  readonly linkTypes: readonly string[] | undefined;
}

/** `POST /search/:id`, validated. */
export interface LinkSearchRequest {
  readonly id: string;
  /** Absent: that direction is not searched. */
  readonly upstream?: DirectionRequest;
  readonly downstream?: DirectionRequest;
  /** Most events per direction; `undefined`: all, up to `cap`. */
  readonly limit: number | undefined;
  /** Events per direction beyond which an unbounded search is refused. */
  readonly cap: number;
  /** Deepest level; `null`: every level. */
  readonly levels: number | null;
  /** Nested arrays instead of flat lists. */
  readonly tree: boolean;
}

/** The Event Repository's answer: the events found each way (flat lists or trees). */
export interface LinkSearchResult {
  readonly upstreamLinkObjects: unknown[];
  readonly downstreamLinkObjects: unknown[];
}

/**
 * A tree in the Event Repository's nested-array form: `[event, child, child, ...]` where a
 * child with children of its own is again such an array and a leaf is the bare event.
 */
export type EventTree = unknown[];

const EVENTS_CYPHER = `UNWIND $ids AS id
MATCH (n:${EVENT_LABEL} {id: id}) USING INDEX SEEK n:${EVENT_LABEL}(id)
WHERE n.hash IS NOT NULL
RETURN n.id AS id, n.event AS json`;

async function eventsById(tx: ReadTransaction, ids: readonly string[]): Promise<Map<string, unknown>> {
  const result = await tx.run(EVENTS_CYPHER, { ids });
  return new Map(
    result.records.map((record) => [record.get('id') as string, JSON.parse(record.get('json') as string)]),
  );
}

/**
 * Each reached node's parent in the breadth-first tree: the first node (in answer order) one
 * level nearer the start that links to it (upstream) or that it links to (downstream).
 */
function parents(result: TraversalResult): Map<string, string> {
  const depth = new Map(result.nodes.map((node) => [node.id, node.depth]));
  const rank = new Map(result.nodes.map((node, index) => [node.id, index]));
  const parentOf = new Map<string, string>();
  for (const edge of result.edges) {
    const [near, far] =
      result.direction === 'upstream' ? [edge.source, edge.target] : [edge.target, edge.source];
    const nearDepth = depth.get(near);
    const farDepth = depth.get(far);
    if (nearDepth === undefined || farDepth === undefined || nearDepth !== farDepth - 1) continue;
    const current = parentOf.get(far);
    if (current === undefined || (rank.get(near) ?? 0) < (rank.get(current) ?? 0)) parentOf.set(far, near);
  }
  return parentOf;
}

/**
 * The Event Repository's tree of a traversal: each event once, under its breadth-first parent;
 * nodes without an event in `events` (placeholders) are left out.
 */
export function eventTree(result: TraversalResult, events: ReadonlyMap<string, unknown>): EventTree {
  const parentOf = parents(result);
  const children = new Map<string, string[]>();
  for (const node of result.nodes) {
    const parent = parentOf.get(node.id);
    if (parent === undefined || !events.has(node.id)) continue;
    children.set(parent, [...(children.get(parent) ?? []), node.id]);
  }
  const subtree = (id: string): unknown => {
    const kids = children.get(id) ?? [];
    return kids.length === 0 ? events.get(id) : [events.get(id), ...kids.map(subtree)];
  };
  return [events.get(result.start), ...(children.get(result.start) ?? []).map(subtree)];
}

/** Ids of stored events reached, nearest first, without the start; `truncated` when more than `limit` were. */
async function reachedIds(
  tx: ReadTransaction,
  request: LinkSearchRequest,
  direction: Direction,
  linkTypes: readonly string[] | undefined,
  limit: number,
): Promise<{ ids: string[]; truncated: boolean }> {
  // One more than the limit tells a cut answer; one more again in case a cycle leads to the start.
  const result = await tx.run(reachCypher(direction, linkTypes, request.levels), {
    id: request.id,
    limit: neo4j.int(limit + 2),
  });
  // A depth bound is the caller's choice, not a cut: the level read past it is left out.
  const levels = request.levels ?? Infinity;
  const rows = result.records.filter(
    (record) => record.get('neighbour') !== request.id && (record.get('depth') as number) <= levels,
  );
  // As in the traversal, events never received (placeholders) count towards the limit.
  const ids = rows
    .slice(0, limit)
    .filter((record) => record.get('stored') === true)
    .map((record) => record.get('neighbour') as string);
  return { ids, truncated: rows.length > limit };
}

async function searchDirection(
  tx: ReadTransaction,
  request: LinkSearchRequest,
  start: NodeRecord,
  direction: Direction,
  linkTypes: readonly string[] | undefined,
): Promise<unknown[]> {
  const limit = request.limit ?? request.cap;
  const refuse = () =>
    apiError(
      'API_LIMIT_EXCEEDED',
      `more than ${request.cap} events ${direction} of ${request.id}; set limit or levels, or name fewer link types`,
      { cap: request.cap, direction },
    );
  if (!request.tree) {
    // Flat lists need no links: one statement for the ids, one for the events.
    const { ids, truncated } = await reachedIds(tx, request, direction, linkTypes, limit);
    if (truncated && request.limit === undefined) throw refuse();
    const events = await eventsById(tx, ids);
    return ids.filter((id) => events.has(id)).map((id) => events.get(id));
  }
  // The traversal's limit counts the start node.
  const result = await traverse(tx, {
    id: request.id,
    direction,
    linkTypes,
    maxDepth: request.levels,
    stopAt: [],
    limit: limit + 1,
    start,
  });
  if (result.truncatedBy === 'limit' && request.limit === undefined) throw refuse();
  const reached = result.nodes.filter((node) => !node.placeholder).map((node) => node.id);
  return eventTree(result, await eventsById(tx, reached));
}

/**
 * The Event Repository's upstream/downstream search from one event, on the breadth-first
 * traversal: each event once, nearest first; placeholders (never received) are left out.
 * @throws API_NOT_FOUND when no event with the id is stored; API_LIMIT_EXCEEDED when an
 *   unbounded search reaches more than `cap` events.
 */
export async function linkSearch(tx: ReadTransaction, request: LinkSearchRequest): Promise<LinkSearchResult> {
  const start = await readStoredNode(tx, request.id);
  const upstream =
    request.upstream === undefined
      ? []
      : await searchDirection(tx, request, start, 'upstream', request.upstream.linkTypes);
  const downstream =
    request.downstream === undefined
      ? []
      : await searchDirection(tx, request, start, 'downstream', request.downstream.linkTypes);
  return { upstreamLinkObjects: upstream, downstreamLinkObjects: downstream };
}
