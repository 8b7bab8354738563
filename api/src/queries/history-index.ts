import neo4j from 'neo4j-driver';
import { HISTORY_CHAIN_LINKS, type ReadTransaction } from '@tracey/graph';
import {
  CHAIN_ENTRIES_CYPHER,
  CHAIN_UPS_CYPHER,
  LINK_TYPES_CYPHER,
  PARTS_CYPHER,
  UP_HOPS,
} from './history-index-cypher.js';

// A chain of links from one event back to another, proved through the history index the
// aggregator writes: a node reaches every node of its chain with a lower seq, and a chain's
// first node reaches its `_chainUp`. Proving costs a few lookups where a search would walk every
// link of a long version history; a miss proves nothing (the caller searches).

/** Paths walked from `to` to find where it enters the index (hot nodes stop the walk early). */
const ENTRY_PATHS = 5_000;
/** Round trips of chain-to-chain steps (each up to UP_HOPS of them) before giving up. */
const MAX_ROUNDS = 32;
/** The link between neighbours on a chain, when the index continues chains by one type only. */
const CHAIN_LINK = HISTORY_CHAIN_LINKS.length === 1 ? HISTORY_CHAIN_LINKS[0] : undefined;

const pairKey = (source: string, target: string): string => `${source} ${target}`;

export interface ChainNode {
  readonly id: string;
  readonly type: string;
  readonly time: number;
}

/** As a search answers it: the nodes from `to` back to `from`, the middle left out when long. */
export interface IndexedChain {
  readonly links: number;
  readonly nodes: ChainNode[];
  readonly linkTypes: string[];
}

/** How a chain was reached: entered from `to` by the listed ids, or from another chain's start. */
type Via =
  | { readonly kind: 'entry'; readonly ids: readonly string[] }
  | { readonly kind: 'up'; readonly from: string };

interface Reach {
  readonly seq: number;
  readonly via: Via;
}

/** Part of the chain, in order from `to` to `from`: listed ids, or a chain walked down by seq. */
type Piece =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | { readonly kind: 'chain'; readonly chain: string; readonly hi: number; readonly lo: number };

const size = (piece: Piece): number => (piece.kind === 'ids' ? piece.ids.length : piece.hi - piece.lo + 1);

/** The highest seq reached on each chain from `to`, and how; `undefined` when `from` is not reached. */
async function reachFrom(
  tx: ReadTransaction,
  from: string,
  to: string,
): Promise<{ reached: Map<string, Reach>; target: { chain: string; seq: number } } | undefined> {
  const reached = new Map<string, Reach>();
  // Chains to walk up from next: newly reached where the last walk could not go on from them.
  let improved: string[] = [];
  const offer = (chain: string, seq: number, via: Via, walkOn: boolean): void => {
    if ((reached.get(chain)?.seq ?? -1) >= seq) return;
    reached.set(chain, { seq, via });
    if (walkOn) improved.push(chain);
  };
  const entries = await tx.run(CHAIN_ENTRIES_CYPHER, { from, to, limit: neo4j.int(ENTRY_PATHS) });
  const first = entries.records[0];
  const chain = first?.get('targetChain') as string | null | undefined;
  if (first === undefined || chain === null || chain === undefined) return undefined;
  const target = { chain, seq: first.get('targetSeq') as number };
  // Fewest links first: among entries to the same seq, the shortest way in is kept.
  const sorted = entries.records.sort(
    (a, b) => (a.get('ids') as string[]).length - (b.get('ids') as string[]).length,
  );
  for (const record of sorted)
    offer(
      record.get('chain') as string,
      record.get('seq') as number,
      { kind: 'entry', ids: record.get('ids') as string[] },
      true,
    );
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    if ((reached.get(target.chain)?.seq ?? -1) >= target.seq) return { reached, target };
    if (improved.length === 0 || round === MAX_ROUNDS) return undefined;
    const chains = [...new Set(improved)];
    improved = [];
    const ups = await tx.run(CHAIN_UPS_CYPHER, { chains });
    // In walk order: a step's chain is reached before the step from it is offered.
    const steps = ups.records.sort((a, b) => (a.get('hop') as number) - (b.get('hop') as number));
    for (const record of steps)
      offer(
        record.get('upChain') as string,
        record.get('upSeq') as number,
        { kind: 'up', from: record.get('chain') as string },
        // The statement walked on from every step but its last.
        (record.get('hop') as number) === UP_HOPS,
      );
  }
  return undefined;
}

/** The pieces of the chain from `to` down to `(chain, lo)`; undefined on a cycle in the index. */
function piecesTo(
  reached: Map<string, Reach>,
  chain: string,
  lo: number,
  seen: Set<string> = new Set(),
): Piece[] | undefined {
  const reach = reached.get(chain);
  if (reach === undefined || seen.has(chain)) return undefined;
  seen.add(chain);
  const down: Piece = { kind: 'chain', chain, hi: reach.seq, lo };
  if (reach.via.kind === 'up') {
    // The first node of `via.from` links to this chain's node at `reach.seq`.
    const before = piecesTo(reached, reach.via.from, 0, seen);
    return before === undefined ? undefined : [...before, down];
  }
  // The entry path ends at the chain's node at `reach.seq`, which `down` starts with.
  return reach.via.ids.length > 1 ? [{ kind: 'ids', ids: reach.via.ids.slice(0, -1) }, down] : [down];
}

/**
 * The nodes at each of `ranges` (positions `[start, end)` of the pieces laid end to end), in one
 * round trip; `undefined` when the index does not hold what it claims.
 */
async function nodesAt(
  tx: ReadTransaction,
  pieces: readonly Piece[],
  ranges: readonly (readonly [number, number])[],
): Promise<{ runs: ChainNode[][]; known: Map<string, string> } | undefined> {
  const parts: { range: number; size: number; onChain: boolean; param: Record<string, unknown> }[] = [];
  ranges.forEach(([start, end], range) => {
    let offset = 0;
    for (const piece of pieces) {
      const from = Math.max(start, offset) - offset;
      const to = Math.min(end, offset + size(piece)) - offset;
      offset += size(piece);
      if (from >= to) continue;
      const param =
        piece.kind === 'ids'
          ? { ids: piece.ids.slice(from, to) }
          : { chain: piece.chain, hi: neo4j.int(piece.hi - from), lo: neo4j.int(piece.hi - to + 1) };
      parts.push({ range, size: to - from, onChain: piece.kind === 'chain', param });
    }
  });
  const result = await tx.run(PARTS_CYPHER, { parts: parts.map((part) => part.param) });
  const byPart = parts.map((): ChainNode[] => []);
  for (const r of result.records) {
    byPart[r.get('part') as number]?.push({
      id: r.get('id') as string,
      type: r.get('type') as string,
      time: r.get('time') as number,
    });
  }
  if (byPart.some((nodes, index) => nodes.length !== parts[index]?.size)) return undefined;
  const runs = ranges.map((): ChainNode[] => []);
  // Neighbours on one chain are linked by the chain's link type: no need to ask.
  const known = new Map<string, string>();
  parts.forEach((part, index) => {
    const nodes = byPart[index] ?? [];
    runs[part.range]?.push(...nodes);
    if (part.onChain && CHAIN_LINK !== undefined)
      for (let at = 1; at < nodes.length; at++)
        known.set(pairKey(nodes[at - 1]?.id ?? '', nodes[at]?.id ?? ''), CHAIN_LINK);
  });
  return { runs, known };
}

/**
 * The link type between each neighbour pair of `runs` (each a run of consecutive nodes): those
 * `known`, and the others asked in one round trip.
 */
async function linkTypesOf(
  tx: ReadTransaction,
  runs: readonly ChainNode[][],
  known: ReadonlyMap<string, string>,
): Promise<string[][] | undefined> {
  const pairs = runs
    .flatMap((run) => run.slice(1).map((node, index) => [run[index]?.id ?? '', node.id]))
    .filter(([source, target]) => !known.has(pairKey(source ?? '', target ?? '')));
  const types = new Map(known);
  if (pairs.length > 0) {
    const result = await tx.run(LINK_TYPES_CYPHER, { pairs });
    for (const r of result.records)
      types.set(pairKey(r.get('source') as string, r.get('target') as string), r.get('linkType') as string);
  }
  const out: string[][] = [];
  for (const run of runs) {
    const list: string[] = [];
    for (let index = 1; index < run.length; index++) {
      const type = types.get(pairKey(run[index - 1]?.id ?? '', run[index]?.id ?? ''));
      if (type === undefined) return undefined;
      list.push(type);
    }
    out.push(list);
  }
  return out;
}

/**
 * A chain of links from `to` back to `from` proved through the history index, shown like a
 * search shows it (every node, or the first and last `endSteps` when longer than
 * `2 × endSteps − 1` links); `undefined` when the index does not prove one (then search).
 */
export async function chainThroughIndex(
  tx: ReadTransaction,
  from: string,
  to: string,
  endSteps: number,
): Promise<IndexedChain | undefined> {
  const proof = await reachFrom(tx, from, to);
  if (proof === undefined) return undefined;
  const pieces = piecesTo(proof.reached, proof.target.chain, proof.target.seq);
  if (pieces === undefined) return undefined;
  const total = pieces.reduce((sum, piece) => sum + size(piece), 0);
  const ranges: [number, number][] =
    total - 1 < 2 * endSteps
      ? [[0, total]]
      : [
          [0, endSteps],
          [total - endSteps, total],
        ];
  const shown = await nodesAt(tx, pieces, ranges);
  if (shown === undefined) return undefined;
  const nodeRuns = shown.runs;
  const types = await linkTypesOf(tx, nodeRuns, shown.known);
  if (types === undefined) return undefined;
  return { links: total - 1, nodes: nodeRuns.flat(), linkTypes: types.flat() };
}
