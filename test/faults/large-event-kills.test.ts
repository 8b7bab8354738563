import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { generatePipelineEvents } from '@tracey/graph/testing';
import { eiffelEvent } from '@tracey/schemas';
import {
  actualGraph,
  expectedGraph,
  publishEvents,
  readyMessages,
  shuffled,
  waitUntil,
  type WorkerProcess,
} from '@tracey/aggregator/testing';
import { reportFigures } from './support/fault-report.js';
import { faultSeed, seededRandom } from './support/seeded-random.js';
import { workerKillsRig } from './support/worker-kills-rig.js';

const SMALL = 2_000;
const LARGE = 20;
/** Each large event's test report: over TRACEY_LARGE_EVENT_BYTES (1 MiB), under the maximum (8 MiB). */
const LARGE_BYTES = 3_000_000;
const WORKERS = 2;
const KILLS = 4;
const HELD_BACK = 100;
const SEED = faultSeed();

// Issue 14 (Done when): a burst of large events while workers are killed — nothing lost, nothing
// duplicated, no stall. Large events wait in a worker's spool on disk while their messages stay
// unacked; a SIGKILLed worker's messages, large ones included, come back to the survivors and the
// restarted workers (the killed worker's spool is garbage, removed when a worker starts).
describe('a burst of large events while workers are killed', () => {
  const small = generatePipelineEvents(SMALL);
  const large = Array.from({ length: LARGE }, (_, index) =>
    eiffelEvent('EiffelArtifactCreatedEvent', {
      identity: `pkg:generic/faults/large-report@${index}`,
      customData: [{ key: 'testReport', value: `${index}`.padEnd(LARGE_BYTES, 'r') }],
    }).build(),
  );
  const rig = workerKillsRig('faults-large-kills', {});

  it(`stores ${SMALL} small and ${LARGE} events of ${LARGE_BYTES / 1e6} MB once each while workers are killed`, async () => {
    const { driver, broker, publisher, topology, workers, stored, startWorker } = rig;
    const random = seededRandom(SEED);
    const all = [...small, ...large];
    const started = Date.now();
    for (let slot = 0; slot < WORKERS; slot++) workers.push(await startWorker());
    // A tail of the burst is held back until the kills are done, so every kill lands mid-ingest
    // however fast this machine drains the rest (CI once stored everything before the second kill).
    const order = shuffled(all, SEED);
    const tail = order.splice(order.length - HELD_BACK);
    const publishing = publishEvents(publisher, topology.exchange, order);

    const kills: { worker: number; storedAtKill: number; afterMs: number }[] = [];
    const killedPids: number[] = [];
    // The kills start once the first events are stored, then come 0.2-1.2 s after each restart:
    // the ingest takes only some 10 s, and a kill before it or after it proves nothing.
    await waitUntil('the ingest begun', async () => (await stored()) > 0);
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(200 + Math.floor(random() * 1_000));
      const slot = Math.floor(random() * WORKERS);
      const storedAtKill = await stored();
      killedPids.push((workers[slot] as WorkerProcess).child.pid as number);
      expect(await (workers[slot] as WorkerProcess).kill('SIGKILL')).toBeNull();
      kills.push({ worker: slot, storedAtKill, afterMs: Date.now() - started });
      workers[slot] = await startWorker();
    }
    await publishing;
    await publishEvents(publisher, topology.exchange, tail);
    const midIngest = kills.filter((kill) => kill.storedAtKill > 0 && kill.storedAtKill < all.length);
    expect(midIngest.length).toBe(KILLS);

    // No stall: everything is stored within a bound, and the queue drains.
    await waitUntil('every event stored', async () => (await stored()) >= all.length, 240_000);
    await waitUntil('queue empty', async () => (await readyMessages(broker.channel, topology.queue)) === 0);
    const ingestMs = Date.now() - started;

    const actual = await actualGraph(driver);
    expect(actual).toEqual(expectedGraph(all));
    const { records } = await driver.executeQuery(
      'MATCH (n:EiffelArtifactCreatedEvent) WHERE n.id IN $ids RETURN count(n) AS c',
      { ids: large.map((event) => event.meta.id) },
    );
    expect(Number(records[0]?.get('c'))).toBe(LARGE);
    expect(await readyMessages(broker.channel, topology.deadLetterQueue)).toBe(0);
    for (const worker of workers) expect(await worker.kill('SIGTERM')).toBe(0);
    workers.length = 0;
    // A killed worker's spool is removed by the next worker that starts.
    const spools = killedPids.filter((pid) => existsSync(join(tmpdir(), `tracey-aggregator-${pid}`)));
    expect(spools).toEqual([]);

    reportFigures('large-event-kills', {
      seed: SEED,
      small: SMALL,
      large: LARGE,
      largeBytes: LARGE_BYTES,
      workers: WORKERS,
      kills,
      nodes: actual.nodes,
      relationships: actual.relationships.length,
      ingestMs,
    });
  });
});
