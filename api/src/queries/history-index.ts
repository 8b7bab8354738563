import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import {
  CHAIN_ENTRIES_CYPHER,
  CHAIN_POSITION_CYPHER,
  CHAIN_SLICE_CYPHER,
  CHAIN_UPS_CYPHER,
  LINK_TYPES_CYPHER,
  NODES_CYPHER,
  SHORT_PATH_CYPHER,
} from './history-index-cypher.js';

// A chain of links from one event back to another, proved through the history index the
// aggregator writes: a node reaches every node of its chain with a lower seq, and a chain's
// first node reaches its `_chainUp`. Proving costs a few lookups where a search would walk every
// link of a long version history; a miss proves nothing (the caller searches).

/** Paths walked from `to` to find where it enters the index (hot nodes stop the walk early). */
const ENTRY_PATHS = 5_000;
/** Chain-to-chain steps followed before giving up. */
const MAX_ROUNDS = 32;

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

type Via = { readonly kind: 'entry'; readonly id: string } | { readonly kind: 'up'; readonly from: string };

interface Reach {
  readonly seq: number;
  readonly via: Via;
}

/** Part of the chain, in order from `to` to `from`: listed ids, or a chain walked down by seq. */
type Piece =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | { readonly kind: 'chain'; readonly chain: string; readonly hi: number; readonly lo: number };

const size = (piece: Piece): number => (piece.kind === 'ids' ? piece.ids.length : piece.hi - piece.lo + 1);

async function position(
  tx: ManagedTransaction,
  id: string,
): Promise<{ chain: string; seq: number } | undefined> {
  const record = (await tx.run(CHAIN_POSITION_CYPHER, { id })).records[0];
  const chain = record?.get('chain') as string | null | undefined;
  if (chain === null || chain === undefined) return undefined;
  return { chain, seq: record?.get('seq') as number };
}

/** The highest seq reached on each chain from `to`, and how. */
async function reachFrom(
  tx: ManagedTransaction,
  to: string,
  target: { chain: string; seq: number },
): Promise<Map<string, Reach> | undefined> {
  const reached = new Map<string, Reach>();
  let improved: string[] = [];
  const offer = (chain: string, seq: number, via: Via): void => {
    if ((reached.get(chain)?.seq ?? -1) >= seq) return;
    reached.set(chain, { seq, via });
    improved.push(chain);
  };
  const entries = await tx.run(CHAIN_ENTRIES_CYPHER, { id: to, limit: neo4j.int(ENTRY_PATHS) });
  // Fewest links first: among entries to the same seq, the shortest way in is kept.
  const sorted = entries.records.sort((a, b) => (a.get('hops') as number) - (b.get('hops') as number));
  for (const record of sorted)
    offer(record.get('chain') as string, record.get('seq') as number, {
      kind: 'entry',
      id: record.get('id') as string,
    });
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    if ((reached.get(target.chain)?.seq ?? -1) >= target.seq) return reached;
    if (improved.length === 0 || round === MAX_ROUNDS) return undefined;
    const chains = [...new Set(improved)];
    improved = [];
    const ups = await tx.run(CHAIN_UPS_CYPHER, { chains });
    for (const record of ups.records)
      offer(record.get('upChain') as string, record.get('upSeq') as number, {
        kind: 'up',
        from: record.get('chain') as string,
      });
  }
  return undefined;
}

/** The pieces of the chain from `to` down to `(chain, lo)`; undefined on a cycle in the index. */
async function piecesTo(
  tx: ManagedTransaction,
  to: string,
  reached: Map<string, Reach>,
  chain: string,
  lo: number,
  seen: Set<string> = new Set(),
): Promise<Piece[] | undefined> {
  const reach = reached.get(chain);
  if (reach === undefined || seen.has(chain)) return undefined;
  seen.add(chain);
  const down: Piece = { kind: 'chain', chain, hi: reach.seq, lo };
  if (reach.via.kind === 'up') {
    // The first node of `via.from` links to this chain's node at `reach.seq`.
    const before = await piecesTo(tx, to, reached, reach.via.from, 0, seen);
    return before === undefined ? undefined : [...before, down];
  }
  if (reach.via.id === to) return [down];
  const record = (await tx.run(SHORT_PATH_CYPHER, { to, from: reach.via.id })).records[0];
  const ids = record?.get('ids') as string[] | undefined;
  if (ids === undefined) return undefined;
  return [{ kind: 'ids', ids: ids.slice(0, -1) }, down];
}

/** The nodes at positions `[start, end)` of the pieces laid end to end. */
async function nodesAt(
  tx: ManagedTransaction,
  pieces: readonly Piece[],
  start: number,
  end: number,
): Promise<ChainNode[] | undefined> {
  const out: ChainNode[] = [];
  let offset = 0;
  for (const piece of pieces) {
    const from = Math.max(start, offset) - offset;
    const to = Math.min(end, offset + size(piece)) - offset;
    offset += size(piece);
    if (from >= to) continue;
    const records =
      piece.kind === 'ids'
        ? await tx.run(NODES_CYPHER, { ids: piece.ids.slice(from, to) })
        : await tx.run(CHAIN_SLICE_CYPHER, {
            chain: piece.chain,
            hi: neo4j.int(piece.hi - from),
            lo: neo4j.int(piece.hi - to + 1),
          });
    const nodes = records.records.map((r) => ({
      id: r.get('id') as string,
      type: r.get('type') as string,
      time: r.get('time') as number,
    }));
    // NODES_CYPHER answers in any order; the listed order is the chain's.
    const ordered =
      piece.kind === 'ids'
        ? piece.ids.slice(from, to).map((id) => nodes.find((node) => node.id === id))
        : nodes;
    if (ordered.length !== to - from || ordered.includes(undefined)) return undefined;
    out.push(...(ordered as ChainNode[]));
  }
  return out;
}

/** The link type between each neighbour pair of `runs` (each a run of consecutive nodes). */
async function linkTypesOf(
  tx: ManagedTransaction,
  runs: readonly ChainNode[][],
): Promise<string[][] | undefined> {
  const pairs = runs.flatMap((run) => run.slice(1).map((node, index) => [run[index]?.id, node.id]));
  const result = await tx.run(LINK_TYPES_CYPHER, { pairs });
  const types = new Map(
    result.records.map((r) => [
      `${r.get('source') as string} ${r.get('target') as string}`,
      r.get('linkType') as string,
    ]),
  );
  const out: string[][] = [];
  for (const run of runs) {
    const list: string[] = [];
    for (let index = 1; index < run.length; index++) {
      const type = types.get(`${run[index - 1]?.id ?? ''} ${run[index]?.id ?? ''}`);
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
  tx: ManagedTransaction,
  from: string,
  to: string,
  endSteps: number,
): Promise<IndexedChain | undefined> {
  const target = await position(tx, from);
  if (target === undefined) return undefined;
  const reached = await reachFrom(tx, to, target);
  if (reached === undefined) return undefined;
  const pieces = await piecesTo(tx, to, reached, target.chain, target.seq);
  if (pieces === undefined) return undefined;
  const total = pieces.reduce((sum, piece) => sum + size(piece), 0);
  const whole = total - 1 < 2 * endSteps;
  const runs = whole
    ? [await nodesAt(tx, pieces, 0, total)]
    : [await nodesAt(tx, pieces, 0, endSteps), await nodesAt(tx, pieces, total - endSteps, total)];
  if (runs.some((run) => run === undefined)) return undefined;
  const nodeRuns = runs as ChainNode[][];
  const types = await linkTypesOf(tx, nodeRuns);
  if (types === undefined) return undefined;
  return { links: total - 1, nodes: nodeRuns.flat(), linkTypes: types.flat() };
}
