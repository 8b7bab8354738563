import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { connectTestNeo4j, resetTestGraph, testServices } from '@tracey/testing';
import { EventGraph } from '@tracey/graph';
import { benchEventRow, generateLongHistory } from '@tracey/graph/testing';
import { expectSoundIndex, readChainNodes, type LinkedEvent } from './support/history-index-soundness.js';

// The history index (step 3 of a batch write) claims "a node reaches every node of its chain
// with a lower seq, and a chain's first node reaches its `_chainUp`". Checked here against the
// links of the input, whatever the arrival order and however many workers write at once.

const BUILDS = 300;
const events = generateLongHistory({ builds: BUILDS }) as unknown as LinkedEvent[];
const linksOf = new Map(events.map((e) => [e.meta.id, e.links]));

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
    const nodes = await readChainNodes(driver);
    expect(nodes.length).toBe(events.length);
    const chains = expectSoundIndex(nodes, events);
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
    const nodes = await readChainNodes(driver);
    expect(nodes.length).toBe(events.length);
    expect(nodes.filter((n) => n.seq !== null && n.seq > 0).length).toBeGreaterThan(100);
    expectSoundIndex(nodes, events);
  }, 120_000);
});
