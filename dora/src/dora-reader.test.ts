import { describe, expect, it } from 'vitest';
import { reachDelta } from './change-delta.js';
import { CONTENT_LEVELS, CONTENT_LINKS_CYPHER } from './dora-cypher.js';
import { GraphContentSource, type DoraGraph } from './dora-reader.js';

// The delta walks of many deployments share one GraphContentSource and run at once: what they ask
// for in the same turn must be one read (issue 20's bench: thousands of round trips became tens).
// The graph here is a map answering CONTENT_LINKS_CYPHER as Neo4j does (every event up to
// CONTENT_LEVELS links below the ids, each with all its links), counting the reads.

const SCS = 'EiffelSourceChangeSubmittedEvent';

interface Fake extends DoraGraph {
  reads: string[][];
}

/** `services` chains of `length` changes (each on the one before), a deployment on every change. */
function fakeGraph(services: number, length: number): Fake {
  const nodes = new Map<string, { time: number; type: string }>();
  const links = new Map<string, { type: string; target: string }[]>();
  for (let s = 0; s < services; s++)
    for (let i = 0; i < length; i++) {
      nodes.set(`s${s}c${i}`, { time: i * 100, type: SCS });
      nodes.set(`s${s}d${i}`, { time: i * 100 + 50, type: 'dev.cdevents.service.deployed.0.3.0' });
      links.set(`s${s}d${i}`, [{ type: 'ARTIFACT', target: `s${s}c${i}` }]);
      links.set(`s${s}c${i}`, i === 0 ? [] : [{ type: 'BASE', target: `s${s}c${i - 1}` }]);
    }
  const reads: string[][] = [];
  const run = (cypher: string, parameters: { ids: string[] }) => {
    expect(cypher).toBe(CONTENT_LINKS_CYPHER);
    reads.push(parameters.ids);
    // Breadth first, each event once, CONTENT_LEVELS deep.
    const seen = new Set<string>(parameters.ids.filter((id) => nodes.has(id)));
    let level = [...seen];
    for (let depth = 0; depth < CONTENT_LEVELS; depth++) {
      const next: string[] = [];
      for (const id of level)
        for (const link of links.get(id) ?? [])
          if (!seen.has(link.target)) {
            seen.add(link.target);
            next.push(link.target);
          }
      level = next;
    }
    const records = [...seen].flatMap((id) => {
      const node = nodes.get(id) as { time: number; type: string };
      const row = (link?: { type: string; target: string }) => {
        const target = link === undefined ? undefined : nodes.get(link.target);
        const values: Record<string, unknown> = {
          source: id,
          time: node.time,
          type: node.type,
          placeholder: false,
          bug: false,
          review: false,
          link: link?.type ?? null,
          target: link?.target ?? null,
          targetTime: target?.time ?? null,
          targetType: target?.type ?? null,
          targetPlaceholder: false,
          targetBug: false,
          targetReview: false,
        };
        return { get: (key: string) => values[key] };
      };
      const out = links.get(id) ?? [];
      return out.length === 0 ? [row()] : out.map(row);
    });
    return Promise.resolve({ records });
  };
  return {
    reads,
    read: (<T>(_name: string, work: (tx: unknown) => Promise<T>) => work({ run })) as DoraGraph['read'],
  };
}

describe('GraphContentSource', () => {
  const bounds = { clockSkewMs: 0, budget: 10_000 };

  it('reads what walks running at once ask for in one round trip per turn, each event once', async () => {
    const graph = fakeGraph(40, 60);
    const source = new GraphContentSource(graph, 1000);
    // Each service's deployment of change 59 after the one of change 40: 19 changes each.
    const deltas = await Promise.all(
      Array.from({ length: 40 }, (_, s) => reachDelta(source, `s${s}d59`, `s${s}d40`, null, bounds)),
    );
    for (const [s, delta] of deltas.entries())
      expect([...delta].sort()).toEqual(
        [`s${s}d59`, ...Array.from({ length: 19 }, (_, i) => `s${s}c${41 + i}`)].sort(),
      );
    // 40 walks, each 20 levels deep on its own side: a few rounds for all, not 40 times a few.
    expect(graph.reads.length).toBeLessThanOrEqual(6);
    // Every walk's two starts in the first turn: 80 ids, in two reads at once (one per Neo4j core).
    expect([...(graph.reads[0] ?? []), ...(graph.reads[1] ?? [])]).toHaveLength(80);
    const asked = graph.reads.flat();
    expect(new Set(asked).size).toBe(asked.length); // nothing asked twice
  });

  it('fails walks that ask after the computation ended', async () => {
    const source = new GraphContentSource(fakeGraph(1, 5), 1000);
    source.close();
    await expect(source.load(['s0d4'])).rejects.toThrow(/ended/);
  });
});
