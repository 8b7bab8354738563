import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { benchEventRow, EventGraph, generateLongHistory } from '@tracey/aggregator';

// The history index (step 3 of a batch write) claims "a node reaches every node of its chain
// with a lower seq, and a chain's first node reaches its `_chainUp`". Checked here against the
// links of the input, whatever the arrival order and however many workers write at once.

interface Raw {
  readonly meta: { readonly id: string };
  readonly links: readonly { readonly type: string; readonly target: string }[];
}

interface IndexedNode {
  readonly id: string;
  readonly chain: string | null;
  readonly seq: number | null;
  readonly up: string | null;
}

const BUILDS = 300;
const events = generateLongHistory({ builds: BUILDS }) as unknown as Raw[];
const linksOf = new Map(events.map((e) => [e.meta.id, e.links]));

async function readIndex(driver: Driver): Promise<IndexedNode[]> {
  const result = await driver.executeQuery(
    'MATCH (n:Event) RETURN n.id AS id, n._chain AS chain, n._chainSeq AS seq, n._chainUp AS up',
  );
  return result.records.map((r) => r.toObject() as unknown as IndexedNode);
}

/** Every claim the index makes, checked against the input's links; returns the chains. */
function expectSoundIndex(nodes: readonly IndexedNode[]): Map<string, IndexedNode[]> {
  expect(nodes.length).toBe(events.length);
  const chains = new Map<string, IndexedNode[]>();
  for (const node of nodes) {
    expect(node.chain, `${node.id} has no chain`).not.toBeNull();
    expect(node.seq).toBeGreaterThanOrEqual(0);
    const members = chains.get(node.chain ?? '') ?? [];
    members.push(node);
    chains.set(node.chain ?? '', members);
    if (node.up !== null) expect(linksOf.get(node.id)?.map((l) => l.target)).toContain(node.up);
  }
  for (const [chain, members] of chains) {
    // Seqs 0..n−1, each once; seq 0 is the node naming the chain; each links to the one below.
    const sorted = [...members].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    expect(sorted.map((m) => m.seq)).toEqual(sorted.map((_, index) => index));
    expect(sorted[0]?.id).toBe(chain);
    for (let index = 1; index < sorted.length; index++) {
      expect(linksOf.get(sorted[index]?.id ?? '')).toContainEqual({
        type: 'PREVIOUS_VERSION',
        target: sorted[index - 1]?.id,
      });
    }
  }
  return chains;
}

describe('the history index written with each batch', () => {
  let driver: Driver;
  let graph: EventGraph;

  beforeAll(async () => {
    driver = connectTestNeo4j(testServices());
    await resetTestGraph(driver);
    graph = new EventGraph(driver);
    await graph.ensureSchema();
  });
  afterAll(async () => {
    await graph.close();
    await driver.close();
  });

  it('puts a version history written in order on one chain', async () => {
    const rows = events.map((event) => benchEventRow(event));
    for (let start = 0; start < rows.length; start += 500)
      await graph.writeEvents(rows.slice(start, start + 500));
    const chains = expectSoundIndex(await readIndex(driver));
    // Each component's artifacts follow PREVIOUS_VERSION from the first build to the last.
    const artifacts = events.filter((e) => linksOf.get(e.meta.id)?.some((l) => l.type === 'COMPOSITION'));
    const chainOf = new Map([...chains].flatMap(([chain, members]) => members.map((m) => [m.id, chain])));
    const artifactChains = new Set(artifacts.map((a) => chainOf.get(a.meta.id)));
    expect(artifactChains.size).toBe(3); // core, lib, app
    expect(chains.size).toBeLessThan(events.length / 2);
  }, 120_000);

  it('stays sound when children arrive before their parents and three workers write at once', async () => {
    await resetTestGraph(driver);
    await graph.ensureSchema();
    // Batches of 40 in reverse order, written three at a time: most targets are placeholders
    // first, and workers race for the same parents.
    const batches: ReturnType<typeof benchEventRow>[][] = [];
    for (let start = 0; start < events.length; start += 40)
      batches.unshift(events.slice(start, start + 40).map((event) => benchEventRow(event)));
    const writers = [0, 1, 2].map(async (lane) => {
      for (let index = lane; index < batches.length; index += 3) {
        for (let attempt = 0; ; attempt++) {
          try {
            await graph.writeEvents(batches[index] ?? []);
            break;
          } catch (error) {
            // Deadlocks between the racing writers are transient: the worker retries them too.
            if (attempt > 20 || !(error as { retryable?: boolean }).retryable) throw error;
          }
        }
      }
    });
    await Promise.all(writers);
    const nodes = await readIndex(driver);
    expect(nodes.filter((n) => n.seq !== null && n.seq > 0).length).toBeGreaterThan(100);
    expectSoundIndex(nodes);
  }, 120_000);
});
