import type { ManagedTransaction } from 'neo4j-driver';
import { apiError } from '../api-error.js';
import { SHORTEST_PATH_CYPHER } from './lead-time-cypher.js';
import { readStoredNode } from './traversal.js';

export interface PathStep {
  readonly id: string;
  readonly type: string;
  readonly time: number;
  /** Link type from this step to the next one towards `to`; absent on the last step. */
  readonly linkType?: string;
}

export interface LeadTime {
  readonly from: string;
  readonly to: string;
  /** `to.time − from.time`; negative when `to` claims an earlier time than `from`. */
  readonly milliseconds: number;
  readonly duration: string;
  /** From `from` to `to`, in time order of the chain: each step is linked to by the next. */
  readonly path: PathStep[];
}

interface PathNode {
  readonly id: string;
  readonly type: string;
  readonly time: number;
}

async function shortestPath(
  tx: ManagedTransaction,
  from: string,
  to: string,
): Promise<{ nodes: PathNode[]; linkTypes: string[] } | undefined> {
  const result = await tx.run(SHORTEST_PATH_CYPHER, { from, to });
  const record = result.records[0];
  if (record === undefined) return undefined;
  return { nodes: record.get('nodes') as PathNode[], linkTypes: record.get('linkTypes') as string[] };
}

/**
 * The lead time from event `from` to event `to`, which must be downstream of `from`.
 * @throws API_NOT_FOUND for an id with no stored event; API_NOT_CONNECTED when `to` is not downstream.
 */
export async function leadTime(tx: ManagedTransaction, from: string, to: string): Promise<LeadTime> {
  const a = await readStoredNode(tx, from);
  const b = await readStoredNode(tx, to);
  if (from === to) {
    return { from, to, milliseconds: 0, duration: humanDuration(0), path: [{ id: from, ...stepOf(a) }] };
  }
  const found = await shortestPath(tx, from, to);
  if (found === undefined) {
    const reverse = await shortestPath(tx, to, from);
    const hint = reverse === undefined ? '' : `; ${from} is downstream of ${to}: swap from and to`;
    throw apiError(
      'API_NOT_CONNECTED',
      `${to} is not downstream of ${from} (no chain of links from ${to} leads to ${from})${hint}`,
      { from, to, reverseConnected: reverse !== undefined },
    );
  }
  // The path runs from `to` back to `from`; answer it forwards in time.
  const nodes = [...found.nodes].reverse();
  const linkTypes = [...found.linkTypes].reverse();
  const path = nodes.map((node, index): PathStep => {
    const linkType = linkTypes[index];
    return linkType === undefined ? { ...node } : { ...node, linkType };
  });
  const milliseconds = (b.time ?? 0) - (a.time ?? 0);
  return { from, to, milliseconds, duration: humanDuration(milliseconds), path };
}

function stepOf(node: { type: string | null; time: number | null }): { type: string; time: number } {
  return { type: node.type ?? '', time: node.time ?? 0 };
}

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** `90061001` → `1d 1h 1m 1s 1ms`; `0` → `0ms`; negative values get a leading `-`. */
export function humanDuration(milliseconds: number): string {
  let rest = Math.abs(Math.round(milliseconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  const text = parts.length === 0 ? '0ms' : parts.join(' ');
  return milliseconds < 0 ? `-${text}` : text;
}
