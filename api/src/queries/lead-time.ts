import type { ReadTransaction } from '@tracey/graph';
import { isTraceyError } from '@tracey/common';
import { apiError } from '../api-error.js';
import { PATH_END_STEPS, SHORTEST_PATH_CYPHER, SHORTEST_PATH_IN_WINDOW_CYPHER } from './lead-time-cypher.js';
import { chainThroughIndex } from './history-index.js';
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
  /**
   * True when the lead time is negative: `to` is downstream of `from` but claims an earlier time,
   * so one of the producers' clocks is off. The figure is answered as measured.
   */
  readonly clockSkew: boolean;
  /**
   * Links on the chain shown: the shortest one, or, where the history index proves the chain
   * (along version histories), the chain it follows, which may be longer.
   */
  readonly pathLength: number;
  /**
   * From `from` to `to`, in time order of the chain: each step is linked to by the next. A chain
   * of more than 200 links gives its first and last 100 steps; `pathElided` says how many
   * steps are left out between them.
   */
  readonly path: PathStep[];
  /** Steps left out of `path` in its middle (0: the whole chain is there). */
  readonly pathElided: number;
}

/** Runs `work` in a read transaction of its own that Neo4j ends after `timeoutMs`. */
export type ReadWithin = <T>(work: (tx: ReadTransaction) => Promise<T>, timeoutMs: number) => Promise<T>;

/** How the search may prune by time, and how long it may take. */
export interface LeadTimeOptions {
  /** How far a producer's clock may run ahead of the events it links to, in ms. */
  readonly clockSkewMs: number;
  /** Time limit of the answer; past it, a 422 `API_LIMIT_EXCEEDED`. */
  readonly timeoutMs: number;
  /**
   * How long the search may run unpruned before the time-window search takes over: unpruned is
   * the fastest way to find a chain (no time to read per event) and proves "not connected"
   * without any clock assumption when it ends; pruned bounds the work when histories are huge.
   * 0: prune from the start.
   */
  readonly quickSearchMs: number;
  /**
   * Try the history index first (`true` in service): it proves a chain along long version
   * histories in a few lookups; a miss falls back to the searches.
   */
  readonly historyIndex: boolean;
}

/** Time limit of the history index's proof: past it, the searches answer. */
const INDEX_PROOF_MS = 1_000;

interface PathNode {
  readonly id: string;
  readonly type: string;
  readonly time: number;
}

interface FoundPath {
  readonly links: number;
  readonly nodes: PathNode[];
  readonly linkTypes: string[];
}

async function runSearch(
  tx: ReadTransaction,
  statement: string,
  params: Record<string, unknown>,
): Promise<FoundPath | undefined> {
  const record = (await tx.run(statement, params)).records[0];
  if (record === undefined) return undefined;
  return {
    links: Number(record.get('links')),
    nodes: record.get('nodes') as PathNode[],
    linkTypes: record.get('linkTypes') as string[],
  };
}

function isTimeout(error: unknown): boolean {
  const code = isTraceyError(error) ? error.details['neo4jCode'] : undefined;
  return typeof code === 'string' && code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut');
}

/**
 * A chain from `to` back to `from` (`path`), or none: through the history index when it proves
 * one, else the shortest. `windowed`: the answer came from the search through the time window,
 * so "none" holds only for clocks within the tolerance.
 */
async function findChain(
  read: ReadWithin,
  from: { id: string; time: number },
  to: { id: string; time: number },
  options: LeadTimeOptions,
): Promise<{ path: FoundPath | undefined; windowed: boolean }> {
  const ids = { from: from.id, to: to.id };
  const started = Date.now();
  if (options.historyIndex) {
    // A few lookups; one that runs long (a loaded server) is a miss, and the searches go on.
    try {
      const indexed = await read(
        (tx) => chainThroughIndex(tx, from.id, to.id, PATH_END_STEPS),
        Math.min(INDEX_PROOF_MS, options.timeoutMs),
      );
      if (indexed !== undefined) return { path: indexed, windowed: false };
    } catch (error) {
      if (!isTimeout(error)) throw error;
    }
  }
  if (options.quickSearchMs > 0) {
    try {
      const path = await read((tx) => runSearch(tx, SHORTEST_PATH_CYPHER, ids), options.quickSearchMs);
      return { path, windowed: false };
    } catch (error) {
      if (!isTimeout(error)) throw error;
    }
  }
  // Every event between them is older than `to` and newer than `from`, each within the
  // tolerance: what links to an event is not older than it (a clock may be off by `skew`).
  const lo = Math.min(from.time, to.time) - options.clockSkewMs;
  const hi = Math.max(from.time, to.time) + options.clockSkewMs;
  // The answer's time limit covers all the tries together.
  const rest = Math.max(1, options.timeoutMs - (Date.now() - started));
  const path = await read((tx) => runSearch(tx, SHORTEST_PATH_IN_WINDOW_CYPHER, { ...ids, lo, hi }), rest);
  return { path, windowed: true };
}

/**
 * The lead time from event `from` to event `to`, which must be downstream of `from`, on any
 * history length: the search has no hop bound, only the query's time limit (a 422
 * `API_LIMIT_EXCEEDED`); "not connected" after the time-window search says it holds for clocks
 * within the tolerance (`details.searched`). Each search runs in a transaction of
 * its own, so the quick one can end early without ending the answer.
 * @throws API_NOT_FOUND for an id with no stored event; API_NOT_CONNECTED when `to` is not downstream.
 */
export async function leadTime(
  read: ReadWithin,
  from: string,
  to: string,
  options: LeadTimeOptions,
): Promise<LeadTime> {
  const [a, b] = await read(
    async (tx) => [await readStoredNode(tx, from), await readStoredNode(tx, to)] as const,
    options.timeoutMs,
  );
  const ends = { from: { id: from, time: a.time ?? 0 }, to: { id: to, time: b.time ?? 0 } };
  const milliseconds = ends.to.time - ends.from.time;
  const figures = {
    from,
    to,
    milliseconds,
    duration: humanDuration(milliseconds),
    clockSkew: milliseconds < 0,
  };
  if (from === to) {
    return { ...figures, pathLength: 0, path: [{ id: from, ...stepOf(a) }], pathElided: 0 };
  }
  const { path: found, windowed } = await findChain(read, ends.from, ends.to, options);
  if (found === undefined) {
    const reverse = (await findChain(read, ends.to, ends.from, options)).path;
    const hint = reverse === undefined ? '' : `; ${from} is downstream of ${to}: swap from and to`;
    // A search through the time window proves nothing about clocks off by more than the tolerance.
    const within = windowed
      ? ` among events within ${options.clockSkewMs} ms of their times (TRACEY_API_CLOCK_SKEW_MS: a chain through a clock off by more is not searched)`
      : '';
    throw apiError(
      'API_NOT_CONNECTED',
      `${to} is not downstream of ${from} (no chain of links from ${to} leads to ${from}${within})${hint}`,
      {
        from,
        to,
        reverseConnected: reverse !== undefined,
        clockSkewMs: options.clockSkewMs,
        searched: windowed ? 'time-window' : 'whole-graph',
      },
    );
  }
  // The path runs from `to` back to `from`; answer it forwards in time.
  const nodes = [...found.nodes].reverse();
  const linkTypes = [...found.linkTypes].reverse();
  const elided = found.links + 1 - nodes.length;
  const path = nodes.map((node, index): PathStep => {
    // Where the middle is left out, the step before the gap links to a step not shown.
    const linkType =
      elided === 0 ? linkTypes[index] : index < PATH_END_STEPS - 1 ? linkTypes[index] : linkTypes[index - 1];
    const beforeGap = elided > 0 && index === PATH_END_STEPS - 1;
    return linkType === undefined || beforeGap ? { ...node } : { ...node, linkType };
  });
  return { ...figures, pathLength: found.links, path, pathElided: elided };
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
