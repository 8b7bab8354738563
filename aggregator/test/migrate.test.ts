import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { connectTestNeo4j, resetTestGraph, testServices, type ServiceEndpoints } from '@tracey/testing';
import { eiffelEvent } from '@tracey/schemas';
import { EventGraph } from '@tracey/graph';
import { benchEventRow } from '@tracey/graph/testing';
import { buildAggregator, type FixtureEvent, officialFlows, referenceData } from '@tracey/aggregator/testing';
import { expectSoundIndex, type ChainNode } from './support/history-index-soundness.js';

// `npm run migrate` on a graph "written by an older Tracey": the fixtures are stored through the
// aggregator's own write path, then what newer versions derive at write time is taken away
// (source changes' identity beyond git's commitId/repoName/branch, `dataVersion`, the history
// index). The migration, run as the built process, must give the graph back.

const root = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_CHANGES = ['EiffelSourceChangeCreatedEvent', 'EiffelSourceChangeSubmittedEvent'];

// svn changes (build-avoidance), hg, svn and git ones (delivery-interface), git ones and long
// PREVIOUS_VERSION histories (the reference data). The two flows number their events alike:
// build-avoidance's ids are renamed, in ids and link targets alike, so that they share a graph.
function fixtureEvents(): FixtureEvent[] {
  const flows = officialFlows();
  const buildAvoidance = JSON.parse(
    JSON.stringify(flows.get('build-avoidance')).replaceAll(
      'aaaaaaaa-bbbb-5ccc-8ddd-',
      'bbbbbbbb-bbbb-5ccc-8ddd-',
    ),
  ) as FixtureEvent[];
  return [...buildAvoidance, ...(flows.get('delivery-interface') ?? []), ...referenceData(), ...clearCase()];
}

// The fixtures hold no ClearCase change: one made here as the protocol defines it.
function clearCase(): FixtureEvent[] {
  const cc = { vobs: ['/vobs/shop'], branch: 'rel_2', configSpec: 'element * .../rel_2/LATEST' };
  const scc = eiffelEvent(
    'EiffelSourceChangeCreatedEvent',
    { ccCompositeIdentifier: cc },
    { time: 1000 },
  ).build();
  const scs = eiffelEvent('EiffelSourceChangeSubmittedEvent', { ccCompositeIdentifier: cc }, { time: 2000 })
    .link('CHANGE', scc.meta.id)
    .build();
  return [scc, scs];
}

interface StoredNode {
  readonly labels: string[];
  readonly props: Record<string, unknown>;
}

async function readNodes(driver: Driver): Promise<Map<string, StoredNode>> {
  const result = await driver.executeQuery(
    'MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props',
  );
  return new Map(
    result.records.map((r) => [
      r.get('id') as string,
      { labels: (r.get('labels') as string[]).sort(), props: r.get('props') as Record<string, unknown> },
    ]),
  );
}

const isChain = (name: string) => name.startsWith('_chain');

function withoutChains(nodes: Map<string, StoredNode>): Map<string, StoredNode> {
  return new Map(
    [...nodes].map(([id, node]) => [
      id,
      {
        labels: node.labels,
        props: Object.fromEntries(Object.entries(node.props).filter(([k]) => !isChain(k))),
      },
    ]),
  );
}

interface RunResult {
  readonly code: number | null;
  readonly stderr: string;
  readonly stdout: string;
}

interface MigrationProcess {
  readonly exited: Promise<RunResult>;
  running(): boolean;
  /** Resolves once stderr matches `pattern`. */
  reached(pattern: RegExp): Promise<void>;
}

/** `node aggregator/dist/bin/migrate.js`, as an operator runs it, with only Neo4j's settings. */
function spawnMigration(services: ServiceEndpoints, args: string[] = []): MigrationProcess {
  const child = spawn(process.execPath, ['aggregator/dist/bin/migrate.js', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      TRACEY_NEO4J_URL: services.neo4jUrl,
      TRACEY_NEO4J_USER: services.neo4jUser,
      TRACEY_NEO4J_PASSWORD: services.neo4jPassword,
    },
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<RunResult>((resolve) =>
    child.once('close', (code) => {
      closed = true;
      resolve({ code, stdout, stderr });
    }),
  );
  return {
    exited,
    running: () => !closed,
    async reached(pattern) {
      while (!pattern.test(stderr)) {
        if (closed) throw new Error(`the migration ended before ${String(pattern)}:\n${stderr}`);
        await sleep(10);
      }
    },
  };
}

const runMigration = (services: ServiceEndpoints, args: string[] = []) =>
  spawnMigration(services, args).exited;

/** The figures of the summary line. */
function summary(stderr: string): { scanned: number; updated: number; indexed: number } {
  const match =
    /done: (\d+) events scanned, properties updated on (\d+) events .*?, (\d+) events indexed, .* s$/m.exec(
      stderr,
    );
  expect(match, stderr).not.toBeNull();
  return { scanned: Number(match?.[1]), updated: Number(match?.[2]), indexed: Number(match?.[3]) };
}

/** The history index of nodes as {@link readNodes} reads them. */
function chainNodes(nodes: Map<string, StoredNode>): ChainNode[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return [...nodes].map(([id, { props }]) => ({
    id,
    stored: props['hash'] !== undefined,
    chain: text(props['_chain']),
    seq: props['_chainSeq'] == null ? null : Number(props['_chainSeq']),
    next: text(props['_chainNext']),
    up: text(props['_chainUp']),
  }));
}

const stored = (nodes: Map<string, StoredNode>) =>
  [...nodes.values()].filter((n) => n.props['hash'] !== undefined).length;

/**
 * Makes the graph what an older Tracey wrote: commitId, repoName, branch for git changes only, no
 * repoUri or vcs; a composition's data.version in `version`; no history index. And a ClearCase
 * change with a commitId, which the derivation owns but does not give it (ClearCase names no
 * commit). Returns how many nodes now differ from `snapshot` outside the history index.
 */
async function makeOld(driver: Driver, snapshot: Map<string, StoredNode>): Promise<number> {
  await driver.executeQuery(
    `MATCH (n:Event) WHERE n.type IN $types
     CALL (n) { WITH n WHERE n.vcs <> 'git' REMOVE n.commitId, n.repoName, n.branch }
     REMOVE n.repoUri, n.vcs`,
    { types: SOURCE_CHANGES },
  );
  await driver.executeQuery(
    `MATCH (n:EiffelCompositionDefinedEvent) WHERE n.dataVersion IS NOT NULL
     SET n.version = n.dataVersion REMOVE n.dataVersion`,
  );
  const clearCaseId = [...snapshot].find(([, n]) => n.props['vcs'] === 'cc')?.[0];
  await driver.executeQuery("MATCH (n:Event {id: $id}) SET n.commitId = 'stale'", { id: clearCaseId });
  // Whatever the graph holds besides the snapshot's nodes (a test's new events) is left as is.
  await driver.executeQuery(
    'MATCH (n) WHERE n.id IN $ids REMOVE n._chain, n._chainSeq, n._chainNext, n._chainUp',
    {
      ids: [...snapshot.keys()],
    },
  );
  const old = withoutChains(await readNodes(driver));
  const expected = withoutChains(snapshot);
  return [...expected].filter(([id, node]) => !isDeepStrictEqual(node, old.get(id))).length;
}

/** Writes one row as a worker would, retrying the deadlocks a concurrent writer may cause. */
async function writeRetrying(graph: EventGraph, row: ReturnType<typeof benchEventRow>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await graph.writeEvents([row]);
      return;
    } catch (error) {
      if (attempt > 20 || !(error as { retryable?: boolean }).retryable) throw error;
    }
  }
}

describe('npm run migrate', () => {
  const services = testServices();
  const events = fixtureEvents();
  let driver: Driver;
  let snapshot: Map<string, StoredNode>;

  beforeAll(async () => {
    buildAggregator();
    driver = connectTestNeo4j(services);
    await resetTestGraph(driver);
    expect(new Set(events.map((e) => e.meta.id)).size).toBe(events.length);
    // A clock that moves per batch: `storedAt` tells the batches apart, as in production.
    let clock = Date.UTC(2026, 0, 1);
    const graph = new EventGraph(driver, { now: () => (clock += 1000) });
    await graph.ensureSchema();
    const rows = events.map((event) => benchEventRow(event));
    for (let start = 0; start < rows.length; start += 200)
      await graph.writeEvents(rows.slice(start, start + 200));
    await graph.close();
    // A property someone set by hand: not the derivation's, so the migration leaves it.
    await driver.executeQuery("MATCH (n:Event {id: $id}) SET n.operatorNote = 'kept'", {
      id: events[0]?.meta.id,
    });
    snapshot = await readNodes(driver);
  }, 180_000);
  afterAll(async () => {
    await driver.close();
  });

  it('explains itself with --help', async () => {
    const run = await runMigration(services, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('history index');
    expect(run.stdout).toContain('TRACEY_NEO4J_URL');
  });

  it('gives an old graph back what the aggregator wrote, and a second run changes nothing', async () => {
    const scs = [...snapshot.values()].filter((n) => SOURCE_CHANGES.includes(n.props['type'] as string));
    expect(new Set(scs.map((n) => n.props['vcs']))).toEqual(new Set(['git', 'svn', 'hg', 'cc']));
    const changed = await makeOld(driver, snapshot);
    // The old graph differs on every source change (no vcs) and on some compositions at least.
    expect(changed).toBeGreaterThan(scs.length);

    const first = await runMigration(services, ['--batch-size', '300']);
    expect(first.code, first.stderr).toBe(0);
    expect(summary(first.stderr)).toEqual({
      scanned: stored(snapshot),
      updated: changed,
      indexed: stored(snapshot),
    });
    const migrated = await readNodes(driver);
    // Everything but the history index is what the aggregator wrote.
    expect(withoutChains(migrated)).toEqual(withoutChains(snapshot));
    // The history index is sound: that is what the migration promises. Its chains may in general
    // differ from the first write's: events stored in one batch share `storedAt`, and the
    // migration takes them by time, then id, while the aggregator took them in the batch's order
    // (not stored), so two events continuing one PREVIOUS_VERSION target may claim it the other
    // way round.
    expectSoundIndex(chainNodes(migrated), events);
    // Here they are the same: the fixtures' only target continued twice (delivery-interface's
    // first source change) is continued by two events in time order within one batch.
    expect(migrated).toEqual(snapshot);

    const second = await runMigration(services, ['--batch-size', '300']);
    expect(second.code, second.stderr).toBe(0);
    expect(summary(second.stderr)).toEqual({ scanned: stored(snapshot), updated: 0, indexed: 0 });
    expect(await readNodes(driver)).toEqual(migrated);
  }, 180_000);

  it('stays sound while a worker stores events that continue the old ones', async () => {
    const changed = await makeOld(driver, snapshot);
    // New versions of the old artifacts, each in a transaction of its own, as a worker would
    // store them while the migration indexes. Newest first: the migration places the oldest
    // first, so many continue an old event before the migration gets there (it must still give
    // that event its `_chainUp`).
    const artifacts = [...snapshot]
      .filter(([, n]) => n.props['type'] === 'EiffelArtifactCreatedEvent')
      .sort(([, a], [, b]) => (b.props['storedAt'] as number) - (a.props['storedAt'] as number));
    const newEvents = artifacts.map(([id], index) =>
      eiffelEvent(
        'EiffelArtifactCreatedEvent',
        { identity: `pkg:generic/next@${index}` },
        { time: 10_000_000 + index },
      )
        .link('PREVIOUS_VERSION', id)
        .build(),
    ) as unknown as FixtureEvent[];
    const graph = new EventGraph(driver);
    const migration = spawnMigration(services, ['--batch-size', '50']);
    await migration.reached(/indexed properties: .*\(done\)/);
    let writtenWhileMigrating = 0;
    for (const event of newEvents) {
      await writeRetrying(graph, benchEventRow(event));
      if (migration.running()) writtenWhileMigrating++;
    }
    await graph.close();
    const run = await migration.exited;
    expect(run.code, run.stderr).toBe(0);
    expect(writtenWhileMigrating).toBeGreaterThan(0);
    const result = summary(run.stderr);
    expect(result.updated).toBe(changed);
    expect(result.indexed).toBeLessThanOrEqual(stored(snapshot));

    const nodes = await readNodes(driver);
    expectSoundIndex(chainNodes(nodes), [...events, ...newEvents]);
    const old = withoutChains(new Map([...nodes].filter(([id]) => snapshot.has(id))));
    expect(old).toEqual(withoutChains(snapshot));
    // The new events continued old ones: the index has more continued events than before.
    const continued = (all: Map<string, StoredNode>) =>
      [...all.values()].filter((n) => ((n.props['_chainSeq'] as number | undefined) ?? 0) > 0).length;
    expect(continued(nodes)).toBeGreaterThan(continued(snapshot));

    const again = await runMigration(services);
    expect(again.code, again.stderr).toBe(0);
    expect(summary(again.stderr)).toMatchObject({ updated: 0, indexed: 0 });
    expect(await readNodes(driver)).toEqual(nodes);
  }, 180_000);
});
