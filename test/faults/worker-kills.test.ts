import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { generatePipelineEvents } from '@tracey/graph/testing';
import {
  actualGraph,
  expectedGraph,
  publishEvents,
  readyMessages,
  shuffled,
  uniquenessConstraints,
  waitUntil,
  type WorkerProcess,
} from '@tracey/aggregator/testing';
import { reportFigures } from './support/fault-report.js';
import { faultSeed, seededRandom } from './support/seeded-random.js';
import { workerKillsRig } from './support/worker-kills-rig.js';

const EVENTS = 20_000;
const WORKERS = 2;
const KILLS = 6;
const SEED = faultSeed();

describe('workers killed with SIGKILL at random during an ingest', () => {
  const events = generatePipelineEvents(EVENTS);
  const rig = workerKillsRig('faults-kills', { TRACEY_BATCH_SIZE: '200', TRACEY_PREFETCH: '600' });

  it(`stores ${EVENTS} events exactly once while ${WORKERS} workers are killed ${KILLS} times`, async () => {
    const { driver, broker, publisher, topology, workers, stored, startWorker } = rig;
    const random = seededRandom(SEED);
    const started = Date.now();
    for (let slot = 0; slot < WORKERS; slot++) workers.push(await startWorker());
    const publishing = publishEvents(publisher, topology.exchange, shuffled(events, SEED));

    const kills: { worker: number; storedAtKill: number; afterMs: number }[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(300 + Math.floor(random() * 1_700));
      const slot = Math.floor(random() * WORKERS);
      const victim = workers[slot] as WorkerProcess;
      const storedAtKill = await stored();
      // SIGKILL: no handler runs, whatever the worker held unacked goes back to the queue.
      expect(await victim.kill('SIGKILL')).toBeNull();
      kills.push({ worker: slot, storedAtKill, afterMs: Date.now() - started });
      workers[slot] = await startWorker();
    }
    await publishing;
    // The faults hit a running ingest, not one that had not begun or was over.
    const midIngest = kills.filter((kill) => kill.storedAtKill > 0 && kill.storedAtKill < EVENTS);
    expect(midIngest.length).toBeGreaterThanOrEqual(3);

    await waitUntil('every event stored', async () => (await stored()) >= EVENTS, 240_000);
    await waitUntil('queue empty', async () => (await readyMessages(broker.channel, topology.queue)) === 0);
    const ingestMs = Date.now() - started;

    const expected = expectedGraph(events);
    const actual = await actualGraph(driver);
    expect(actual).toEqual(expected);
    // No id is stored twice because the uniqueness constraint forbids it.
    expect(await uniquenessConstraints(driver)).toContainEqual([['Event'], ['id']]);
    const deadLettered = await readyMessages(broker.channel, topology.deadLetterQueue);
    expect(deadLettered).toBe(0);
    const redelivered = (await Promise.all(workers.map((worker) => worker.metrics())))
      .map((text) => /tracey_aggregator_messages_consumed_total (\d+)/.exec(text)?.[1])
      .map(Number);
    for (const worker of workers) expect(await worker.kill('SIGTERM')).toBe(0);
    workers.length = 0;

    reportFigures('worker-kills', {
      seed: SEED,
      events: EVENTS,
      workers: WORKERS,
      kills,
      nodes: actual.nodes,
      relationships: actual.relationships.length,
      deadLettered,
      consumedBySurvivors: redelivered,
      ingestMs,
    });
  });
});
