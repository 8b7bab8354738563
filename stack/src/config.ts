import {
  enumVar,
  intVar,
  parseConfig,
  portVar,
  sharedVars,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';
import { aggregatorConfigSpec } from '@tracey/aggregator';
import { apiConfigSpec } from '@tracey/api';
import { adapterConfigSpec } from '@tracey/jenkins-adapter';
import { webhookConfigSpec } from '@tracey/webhook-adapter';

/**
 * Every environment variable `npm start` (the stack supervisor) reads itself. The services it
 * starts read their own from the same environment; the ports and addresses are theirs, read
 * here only to check readiness, refuse a non-loopback address with development tokens, and print
 * where each listens.
 */
export const stackConfigSpec = {
  workers: intVar('TRACEY_WORKERS', 1, { min: 1, max: 16 }, 'Aggregator workers `npm start` runs.'),
  services: enumVar(
    'TRACEY_STACK_SERVICES',
    'local',
    ['local', 'external'],
    '`local`: start RabbitMQ and Neo4j with scripts/services.sh; `external`: use TRACEY_AMQP_URL and TRACEY_NEO4J_URL as set.',
  ),
  stopMs: intVar(
    'TRACEY_STACK_STOP_MS',
    10_000,
    { min: 100, max: 300_000 },
    'How long (ms) a service gets to stop after SIGTERM before it is killed.',
  ),
  demoJenkinsPort: portVar(
    'TRACEY_DEMO_JENKINS_PORT',
    8089,
    "Port of the demo's stand-in Jenkins, which the stack's default trigger rules call.",
  ),
  apiPort: apiConfigSpec.port,
  adapterPort: adapterConfigSpec.port,
  webhookPort: webhookConfigSpec.port,
  aggregatorPort: aggregatorConfigSpec.port,
  bind: sharedVars.bind,
  apiBind: apiConfigSpec.apiBind,
  adapterBind: adapterConfigSpec.adapterBind,
  aggregatorBind: aggregatorConfigSpec.aggregatorBind,
  triggerRules: adapterConfigSpec.triggerRules,
} as const;

export type StackConfig = ConfigOf<typeof stackConfigSpec>;

/** Reads the supervisor's configuration from `env`, reporting every bad variable. */
export function loadStackConfig(
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult<StackConfig> {
  return parseConfig(stackConfigSpec, env);
}
