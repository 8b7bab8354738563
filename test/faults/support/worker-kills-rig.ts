import { afterAll, beforeAll } from 'vitest';
import type { ConfirmChannel } from 'amqplib';
import type { Driver } from 'neo4j-driver';
import {
  AmqpTestBroker,
  connectTestNeo4j,
  declareTestTopology,
  resetTestGraph,
  testServices,
  type ServiceEndpoints,
  type TestTopology,
} from '@tracey/testing';
import { storedEventCount, WorkerProcess } from '@tracey/aggregator/testing';
import { buildProcesses } from './build-processes.js';

/** What a worker-kill test works with; the fields are set before its tests run. */
export interface WorkerKillsRig {
  readonly services: ServiceEndpoints;
  readonly driver: Driver;
  readonly broker: AmqpTestBroker;
  readonly publisher: ConfirmChannel;
  readonly topology: TestTopology;
  /** Every worker started, killed ones included: all are SIGKILLed after the tests. */
  readonly workers: WorkerProcess[];
  readonly stored: () => Promise<number>;
  readonly startWorker: () => Promise<WorkerProcess>;
}

/**
 * The setup the worker-kill fault tests share, registered as this describe's beforeAll and
 * afterAll: an empty graph, a topology named after `name`, a confirm channel to publish on,
 * and workers started with `workerEnv`.
 */
export function workerKillsRig(name: string, workerEnv: Readonly<Record<string, string>>): WorkerKillsRig {
  const rig = {
    services: testServices(),
    workers: [] as WorkerProcess[],
    stored: () => storedEventCount(rig.driver),
    startWorker: () => WorkerProcess.start(rig.services, rig.topology, workerEnv),
  } as Omit<WorkerKillsRig, 'driver' | 'broker' | 'publisher' | 'topology'> & {
    driver: Driver;
    broker: AmqpTestBroker;
    publisher: ConfirmChannel;
    topology: TestTopology;
  };

  beforeAll(async () => {
    buildProcesses();
    rig.driver = connectTestNeo4j(rig.services);
    await resetTestGraph(rig.driver);
    rig.broker = await AmqpTestBroker.connect(rig.services.amqpUrl);
    rig.topology = await declareTestTopology(rig.broker, name);
    rig.publisher = await rig.broker.connection.createConfirmChannel();
  });

  afterAll(async () => {
    for (const worker of rig.workers) await worker.kill('SIGKILL');
    await rig.publisher.close();
    await rig.broker.cleanup();
    await rig.driver.close();
  });
  return rig;
}
