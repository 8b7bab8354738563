import type { Driver } from 'neo4j-driver';
import { expect } from 'vitest';

/** A node as the history index leaves it. */
export interface ChainNode {
  readonly id: string;
  /** A stored event (not a placeholder). */
  readonly stored: boolean;
  readonly chain: string | null;
  readonly seq: number | null;
  readonly next: string | null;
  readonly up: string | null;
}

/** An input event, as much as the check needs of it. */
export interface LinkedEvent {
  readonly meta: { readonly id: string };
  readonly links: readonly { readonly type: string; readonly target: string }[];
}

/** Every node of the graph with its history-index properties. */
export async function readChainNodes(driver: Driver): Promise<ChainNode[]> {
  const result = await driver.executeQuery(
    `MATCH (n:Event) RETURN n.id AS id, n.hash IS NOT NULL AS stored, n._chain AS chain,
       n._chainSeq AS seq, n._chainNext AS next, n._chainUp AS up`,
  );
  return result.records.map((record) => record.toObject() as unknown as ChainNode);
}

/**
 * Every claim the history index makes ("a node reaches every node of its chain with a lower seq,
 * and a chain's first node reaches its `_chainUp`"), checked against the input's links: every
 * stored event is on a chain; each chain is seqs 0..n−1, named by its seq-0 node; each member
 * links by PREVIOUS_VERSION to the one below, which names it as its `_chainNext`; a stored
 * chain start that links anywhere names one of its targets as `_chainUp`. Returns the chains.
 */
export function expectSoundIndex(
  nodes: readonly ChainNode[],
  events: readonly LinkedEvent[],
): Map<string, ChainNode[]> {
  const linksOf = new Map(events.map((e) => [e.meta.id, e.links]));
  const chains = new Map<string, ChainNode[]>();
  for (const node of nodes) {
    if (node.stored) expect(node.chain, `${node.id} has no chain`).toBeTypeOf('string');
    if (node.chain === null) continue;
    expect(node.seq).toBeGreaterThanOrEqual(0);
    chains.set(node.chain, [...(chains.get(node.chain) ?? []), node]);
    const targets = (linksOf.get(node.id) ?? []).filter((link) => link.target !== node.id);
    if (node.stored && node.seq === 0 && targets.length > 0)
      expect(node.up, `${node.id} starts a chain without _chainUp`).toBeTypeOf('string');
    if (node.up !== null) expect(linksOf.get(node.id)?.map((link) => link.target)).toContain(node.up);
  }
  for (const [chain, members] of chains) {
    const sorted = [...members].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    expect(sorted.map((member) => member.seq)).toEqual(sorted.map((_, index) => index));
    expect(sorted[0]?.id).toBe(chain);
    for (let index = 1; index < sorted.length; index++) {
      expect(linksOf.get(sorted[index]?.id ?? '')).toContainEqual({
        type: 'PREVIOUS_VERSION',
        target: sorted[index - 1]?.id,
      });
      expect(sorted[index - 1]?.next).toBe(sorted[index]?.id);
    }
    expect(sorted.at(-1)?.next).toBeNull();
  }
  return chains;
}
