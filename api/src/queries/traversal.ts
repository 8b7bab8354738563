import type { ReadTransaction } from '@tracey/graph';
import neo4j from 'neo4j-driver';
import { apiError } from '../api-error.js';
import {
  DOWNSTREAM_LEVEL_CYPHER,
  NODE_CYPHER,
  UPSTREAM_LEVEL_CYPHER,
  reachCypher,
} from './traversal-cypher.js';

export type Direction = 'upstream' | 'downstream';

/** A traversal request, already validated. */
export interface TraversalRequest {
  readonly id: string;
  readonly direction: Direction;
  /** Relationship types to follow; `undefined` follows all. */
  readonly linkTypes: readonly string[] | undefined;
  /** Deepest level; `null` follows every chain to its end. */
  readonly maxDepth: number | null;
  /** Event types that are included but not expanded. */
  readonly stopAt: readonly string[];
  /** Most nodes in the answer, the start included. */
  readonly limit: number;
  /** The start node when the caller has read it already: not read again. */
  readonly start?: NodeRecord;
}

/** A node of a traversal; a placeholder (linked to, never stored) has no type and time. */
export interface TraversalNode {
  readonly id: string;
  readonly type: string | null;
  readonly time: number | null;
  /** Verdict, conclusion, outcome or confidence value; null when the type has none. */
  readonly outcome: string | null;
  /** Breadth-first distance from the start. */
  readonly depth: number;
  readonly placeholder: boolean;
}

/** A link, always from the linking event (`source`) to its target, whatever the direction. */
export interface TraversalEdge {
  readonly source: string;
  readonly target: string;
  readonly linkType: string;
}

export interface TraversalResult {
  readonly start: string;
  readonly direction: Direction;
  readonly nodes: TraversalNode[];
  readonly edges: TraversalEdge[];
  /** True when the answer is cut short: by `limit`, or by `maxDepth` with links going on. */
  readonly truncated: boolean;
  /** Which bound cut it, `null` when the answer is complete. */
  readonly truncatedBy: 'limit' | 'maxDepth' | null;
  /** Nodes in the answer (the start included): how far it got. */
  readonly reached: number;
}

/** A traversal's answer from what it found. */
function result(
  request: TraversalRequest,
  nodes: ReadonlyMap<string, TraversalNode>,
  edges: TraversalEdge[],
  truncatedBy: 'limit' | 'maxDepth' | null,
): TraversalResult {
  return {
    start: request.id,
    direction: request.direction,
    nodes: [...nodes.values()].sort(byDepthTimeId),
    edges,
    truncated: truncatedBy !== null,
    truncatedBy,
    reached: nodes.size,
  };
}

/** A node as {@link readStoredNode} reads it. */
export interface NodeRecord {
  readonly type: string | null;
  readonly time: number | null;
  readonly outcome?: string | null;
  readonly stored: boolean;
}

/** Reads the start node. @throws API_NOT_FOUND when no event with `id` is stored. */
export async function readStoredNode(tx: ReadTransaction, id: string): Promise<NodeRecord> {
  const result = await tx.run(NODE_CYPHER, { id });
  const record = result.records[0];
  if (record === undefined || record.get('stored') !== true) {
    throw apiError('API_NOT_FOUND', `no event with id ${id} is stored`, { id });
  }
  return {
    type: record.get('type') as string,
    time: record.get('time') as number,
    outcome: record.get('outcome') as string | null,
    stored: true,
  };
}

/**
 * Breadth-first traversal, one statement per level, in the caller's transaction. A node is
 * reported once, at its shortest depth; edges are every link followed from an expanded node to
 * a node in the answer.
 */
export async function traverse(tx: ReadTransaction, request: TraversalRequest): Promise<TraversalResult> {
  return request.stopAt.length === 0 ? traverseAtOnce(tx, request) : traverseByLevel(tx, request);
}

/**
 * Without `stopAt`: the nodes in one statement, then the links followed from the expanded ones
 * (stored nodes above `maxDepth`) in one more.
 */
async function traverseAtOnce(tx: ReadTransaction, request: TraversalRequest): Promise<TraversalResult> {
  const root = request.start ?? (await readStoredNode(tx, request.id));
  const nodes = new Map<string, TraversalNode>([
    [
      request.id,
      {
        id: request.id,
        type: root.type,
        time: root.time,
        outcome: root.outcome ?? null,
        depth: 0,
        placeholder: false,
      },
    ],
  ]);
  const reached = await tx.run(reachCypher(request.direction, request.linkTypes, request.maxDepth), {
    id: request.id,
    limit: neo4j.int(request.limit + 1),
  });
  let truncatedBy: 'limit' | 'maxDepth' | null = null;
  const maxDepth = request.maxDepth ?? Infinity;
  for (const record of reached.records) {
    const id = record.get('neighbour') as string;
    if (id === request.id) continue;
    // Rows come nearest first; the statement reads one level past a depth bound.
    if ((record.get('depth') as number) > maxDepth) {
      truncatedBy = 'maxDepth';
      break;
    }
    if (nodes.size >= request.limit) {
      truncatedBy = 'limit';
      break;
    }
    const stored = record.get('stored') as boolean;
    nodes.set(id, {
      id,
      type: stored ? (record.get('type') as string) : null,
      time: stored ? (record.get('time') as number) : null,
      outcome: stored ? (record.get('outcome') as string | null) : null,
      depth: record.get('depth') as number,
      placeholder: !stored,
    });
  }
  const expanded = [...nodes.values()]
    .filter((node) => !node.placeholder && node.depth < maxDepth)
    .map((node) => node.id);
  const statement = request.direction === 'upstream' ? UPSTREAM_LEVEL_CYPHER : DOWNSTREAM_LEVEL_CYPHER;
  const links = await tx.run(statement, { frontier: expanded, linkTypes: request.linkTypes ?? null });
  const edges: TraversalEdge[] = [];
  for (const record of links.records) {
    const from = record.get('id') as string;
    const to = record.get('neighbour') as string;
    if (!nodes.has(to)) continue;
    const linkType = record.get('linkType') as string;
    edges.push(
      request.direction === 'upstream'
        ? { source: from, target: to, linkType }
        : { source: to, target: from, linkType },
    );
  }
  return result(request, nodes, edges, truncatedBy);
}

/** With `stopAt`: breadth-first, one statement per level, not expanding past the stop types. */
async function traverseByLevel(tx: ReadTransaction, request: TraversalRequest): Promise<TraversalResult> {
  const root = request.start ?? (await readStoredNode(tx, request.id));
  const nodes = new Map<string, TraversalNode>([
    [
      request.id,
      {
        id: request.id,
        type: root.type,
        time: root.time,
        outcome: root.outcome ?? null,
        depth: 0,
        placeholder: false,
      },
    ],
  ]);
  const edges = new Map<string, TraversalEdge>();
  const stopAt = new Set(request.stopAt);
  const statement = request.direction === 'upstream' ? UPSTREAM_LEVEL_CYPHER : DOWNSTREAM_LEVEL_CYPHER;
  let frontier = [request.id];
  let truncatedBy: 'limit' | 'maxDepth' | null = null;
  const maxDepth = request.maxDepth ?? Infinity;
  for (let depth = 1; frontier.length > 0 && truncatedBy === null; depth++) {
    const level = await tx.run(statement, { frontier, linkTypes: request.linkTypes ?? null });
    if (depth > maxDepth) {
      // One level past the bound, read only to tell whether the bound cut anything.
      if (level.records.some((record) => !nodes.has(record.get('neighbour') as string))) {
        truncatedBy = 'maxDepth';
      }
      break;
    }
    const next: string[] = [];
    for (const record of level.records) {
      const from = record.get('id') as string;
      const to = record.get('neighbour') as string;
      if (!nodes.has(to)) {
        if (nodes.size >= request.limit) {
          truncatedBy = 'limit';
          continue;
        }
        const stored = record.get('stored') as boolean;
        const type = stored ? (record.get('type') as string) : null;
        nodes.set(to, {
          id: to,
          type,
          time: stored ? (record.get('time') as number) : null,
          outcome: stored ? (record.get('outcome') as string | null) : null,
          depth,
          placeholder: !stored,
        });
        if (stored && !stopAt.has(type ?? '')) next.push(to);
      }
      const linkType = record.get('linkType') as string;
      const edge: TraversalEdge =
        request.direction === 'upstream'
          ? { source: from, target: to, linkType }
          : { source: to, target: from, linkType };
      edges.set(`${edge.source}\u0000${edge.target}\u0000${linkType}`, edge);
    }
    frontier = next;
  }
  return result(request, nodes, [...edges.values()], truncatedBy);
}

function byDepthTimeId(a: TraversalNode, b: TraversalNode): number {
  return a.depth - b.depth || (a.time ?? 0) - (b.time ?? 0) || a.id.localeCompare(b.id);
}
