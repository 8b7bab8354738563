import { DEV_NEO4J_PASSWORD } from '@tracey/common';
import { startNeo4jContainer, startRabbitMqContainer } from './container-services.js';
import { dockerEngineAnswers } from './docker-engine.js';
import { startLocalServices, type TestServicesProject } from './local-services.js';
import { lockTestServices } from './test-run-lock.js';
import type { ServiceEndpoints } from './service-endpoints.js';

export interface PickedServices {
  readonly endpoints: ServiceEndpoints;
  /** Stops what the harness itself started in containers and releases the local services' run lock; local services are left running. */
  stop(): Promise<void>;
  readonly notes: readonly string[];
}

/**
 * Chooses the integration tests' servers, each independently: URLs from the environment, else
 * containers when a Docker engine answers, else the tests' own local services of `project`
 * (scripts/test-services.sh, never `npm start`'s).
 */
export async function pickServices(
  env: Readonly<Record<string, string | undefined>>,
  project: TestServicesProject,
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

  let amqp: Pick<ServiceEndpoints, 'amqpUrl' | 'amqpSource'> | undefined;
  let neo4j:
    | Pick<ServiceEndpoints, 'neo4jUrl' | 'neo4jUser' | 'neo4jPassword' | 'neo4jSource' | 'neo4jScriptEnv'>
    | undefined;

  if (fromEnv.amqpUrl !== undefined) amqp = { amqpUrl: fromEnv.amqpUrl, amqpSource: 'environment' };
  if (fromEnv.neo4jUrl !== undefined) {
    neo4j = {
      neo4jUrl: fromEnv.neo4jUrl,
      neo4jUser: nonEmpty(env.TRACEY_NEO4J_USER) ?? 'neo4j',
      neo4jPassword: nonEmpty(env.TRACEY_NEO4J_PASSWORD) ?? DEV_NEO4J_PASSWORD,
      neo4jSource: 'environment',
    };
  }

  if (useContainers) {
    if (amqp === undefined) {
      const rabbit = await startRabbitMqContainer();
      stops.push(rabbit.stop);
      amqp = { ...rabbit.settings, amqpSource: 'testcontainers' };
    }
    if (neo4j === undefined) {
      const graph = await startNeo4jContainer();
      stops.push(graph.stop);
      neo4j = { ...graph.settings, neo4jSource: 'testcontainers' };
    }
  } else if (amqp === undefined || neo4j === undefined) {
    const settings = await startLocalServices(project);
    const servicesDir = required(settings, 'TRACEY_SERVICES_DIR');
    const release = lockTestServices(servicesDir);
    stops.push(() => {
      release();
      return Promise.resolve();
    });
    notes.push(
      `the tests' local services (${servicesDir}) are left running: ` +
        `\`bash scripts/test-services.sh stop ${project}\` stops them`,
    );
    amqp ??= { amqpUrl: required(settings, 'TRACEY_AMQP_URL'), amqpSource: 'local-services' };
    neo4j ??= {
      neo4jUrl: required(settings, 'TRACEY_NEO4J_URL'),
      neo4jUser: required(settings, 'TRACEY_NEO4J_USER'),
      neo4jPassword: required(settings, 'TRACEY_NEO4J_PASSWORD'),
      neo4jSource: 'local-services',
      neo4jScriptEnv: {
        TRACEY_SERVICES_DIR: servicesDir,
        TRACEY_NEO4J_BOLT_PORT: required(settings, 'TRACEY_NEO4J_BOLT_PORT'),
        TRACEY_NEO4J_HTTP_PORT: required(settings, 'TRACEY_NEO4J_HTTP_PORT'),
      },
    };
  }

  return {
    endpoints: { ...amqp, ...neo4j },
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
