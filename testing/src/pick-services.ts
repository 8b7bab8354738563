import { DEV_NEO4J_PASSWORD } from '@tracey/common';
import { startNeo4jContainer, startRabbitMqContainer } from './container-services.js';
import { dockerEngineAnswers } from './docker-engine.js';
import { startLocalServices, type TestServicesProject } from './local-services.js';
import { lockTestServices } from './test-run-lock.js';
import type { ServiceEndpoints } from './service-endpoints.js';

export interface PickedServices {
  /** The first slot's servers. */
  readonly endpoints: ServiceEndpoints;
  /** One per file that may run at once: the same RabbitMQ, a Neo4j each (the first is `endpoints`). */
  readonly slots: readonly ServiceEndpoints[];
  /** Stops what the harness itself started in containers and releases the local services' run lock; local services are left running. */
  stop(): Promise<void>;
  readonly notes: readonly string[];
}

type Neo4jEndpoints = Pick<
  ServiceEndpoints,
  'neo4jUrl' | 'neo4jUser' | 'neo4jPassword' | 'neo4jSource' | 'neo4jScriptEnv'
>;
type AmqpEndpoints = Pick<ServiceEndpoints, 'amqpUrl' | 'amqpSource'>;

/**
 * Chooses the tests' servers, each independently: URLs from the environment, else containers when
 * a Docker engine answers, else the tests' own local services of `project`
 * (scripts/test-services.sh, never `npm start`'s). `slots` Neo4j servers, one per file that runs at
 * once; a Neo4j from the environment is one database, so it is one slot whatever was asked.
 */
export async function pickServices(
  env: Readonly<Record<string, string | undefined>>,
  project: TestServicesProject,
  slots = 1,
): Promise<PickedServices> {
  const stops: (() => Promise<void>)[] = [];
  const notes: string[] = [];
  const fromEnv = {
    amqpUrl: nonEmpty(env.TRACEY_AMQP_URL),
    neo4jUrl: nonEmpty(env.TRACEY_NEO4J_URL),
  };
  const needAmqp = fromEnv.amqpUrl === undefined;
  const needNeo4j = fromEnv.neo4jUrl === undefined;
  const useContainers = (needAmqp || needNeo4j) && (await dockerEngineAnswers());

  let amqp: AmqpEndpoints | undefined;
  let neo4j: Neo4jEndpoints[] | undefined;

  if (fromEnv.amqpUrl !== undefined) amqp = { amqpUrl: fromEnv.amqpUrl, amqpSource: 'environment' };
  if (fromEnv.neo4jUrl !== undefined) {
    neo4j = [
      {
        neo4jUrl: fromEnv.neo4jUrl,
        neo4jUser: nonEmpty(env.TRACEY_NEO4J_USER) ?? 'neo4j',
        neo4jPassword: nonEmpty(env.TRACEY_NEO4J_PASSWORD) ?? DEV_NEO4J_PASSWORD,
        neo4jSource: 'environment',
      },
    ];
  }

  if (useContainers) {
    if (amqp === undefined) {
      const rabbit = await startRabbitMqContainer();
      stops.push(rabbit.stop);
      amqp = { ...rabbit.settings, amqpSource: 'testcontainers' };
    }
    if (neo4j === undefined) {
      const graphs = await Promise.all(Array.from({ length: slots }, () => startNeo4jContainer()));
      stops.push(...graphs.map((graph) => graph.stop));
      neo4j = graphs.map((graph) => ({ ...graph.settings, neo4jSource: 'testcontainers' }));
    }
  } else if (amqp === undefined || neo4j === undefined) {
    // Started side by side: each slot is a Neo4j of its own (the first also sees to RabbitMQ,
    // which the others then find answering).
    const first = await startLocalServices(project, 1);
    const rest = await Promise.all(
      Array.from({ length: slots - 1 }, (_, index) => startLocalServices(project, index + 2)),
    );
    const started = [first, ...rest];
    for (const settings of started) {
      const servicesDir = required(settings, 'TRACEY_SERVICES_DIR');
      const release = lockTestServices(servicesDir);
      stops.push(() => {
        release();
        return Promise.resolve();
      });
    }
    const slotNames = started.map((_, index) => (index === 0 ? project : `${project}-${index + 1}`));
    notes.push(
      `the tests' local services (${started.map((settings) => required(settings, 'TRACEY_SERVICES_DIR')).join(', ')}) ` +
        `are left running: \`bash scripts/test-services.sh stop ${slotNames.length > 1 ? 'all' : project}\` stops them`,
    );
    amqp ??= { amqpUrl: required(first, 'TRACEY_AMQP_URL'), amqpSource: 'local-services' };
    neo4j ??= started.map((settings) => ({
      neo4jUrl: required(settings, 'TRACEY_NEO4J_URL'),
      neo4jUser: required(settings, 'TRACEY_NEO4J_USER'),
      neo4jPassword: required(settings, 'TRACEY_NEO4J_PASSWORD'),
      neo4jSource: 'local-services',
      neo4jScriptEnv: {
        TRACEY_SERVICES_DIR: required(settings, 'TRACEY_SERVICES_DIR'),
        TRACEY_NEO4J_BOLT_PORT: required(settings, 'TRACEY_NEO4J_BOLT_PORT'),
        TRACEY_NEO4J_HTTP_PORT: required(settings, 'TRACEY_NEO4J_HTTP_PORT'),
      },
    }));
  }

  if (amqp === undefined || neo4j === undefined) throw new Error('no RabbitMQ or Neo4j was picked');
  const broker = amqp;
  const slotEndpoints = neo4j.map((graph) => ({ ...broker, ...graph }));
  return {
    endpoints: slotEndpoints[0]!,
    slots: slotEndpoints,
    notes,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function required(settings: Readonly<Record<string, string>>, key: string): string {
  const value = settings[key];
  if (value === undefined) throw new Error(`scripts/services.sh start did not print ${key}`);
  return value;
}
