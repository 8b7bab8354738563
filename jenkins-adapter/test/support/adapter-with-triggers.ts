import { triggersPlugin } from '@tracey/jenkins-adapter';
import { loadAdapterConfig } from '../../src/config.js';
import { startAdapter, type AdapterService } from '../../src/adapter-service.js';
import type { AdapterPlugin } from '../../src/routes/route-context.js';
import { freePort } from '@tracey/testing';
import { quietLogger } from './quiet-logger.js';

export interface AdapterWithTriggersOptions {
  readonly amqpUrl: string;
  readonly exchange: string;
  readonly token: string;
  /** Holds `rules.json` (written by the caller), the spool and the trigger state. */
  readonly work: string;
  /** The triggers' queue (the caller tracks it for cleanup). */
  readonly queue: string;
  /** Plugged in after the triggers. */
  readonly plugins?: readonly AdapterPlugin[];
}

/**
 * The adapter as `main.ts` runs it with `TRACEY_TRIGGER_RULES` set: configured from the
 * environment it would read, the triggers plugged in (Jenkins credentials `ci` /
 * `jenkins-api-token`), listening on a free port. Nothing here needs the query API to answer.
 */
export async function startAdapterWithTriggers(options: AdapterWithTriggersOptions): Promise<AdapterService> {
  const { work } = options;
  const result = loadAdapterConfig({
    TRACEY_AMQP_URL: options.amqpUrl,
    TRACEY_EXCHANGE: options.exchange,
    TRACEY_ADAPTER_TOKEN: options.token,
    TRACEY_ADAPTER_PORT: String(await freePort()),
    TRACEY_API_URL: `http://127.0.0.1:${await freePort()}`,
    TRACEY_ADAPTER_SPOOL_DIR: `${work}/spool`,
    TRACEY_TRIGGER_RULES: `${work}/rules.json`,
    TRACEY_TRIGGER_QUEUE: options.queue,
    TRACEY_TRIGGER_STATE_DIR: `${work}/state`,
  });
  if (!result.ok) throw new Error(`adapter config: ${JSON.stringify(result.issues)}`);
  const { config } = result;
  const triggers = triggersPlugin({
    amqpUrl: config.amqpUrl,
    exchange: config.exchange,
    queue: config.triggerQueue,
    rulesFile: config.triggerRules ?? '',
    stateDir: config.triggerStateDir,
    env: { JENKINS_USER: 'ci', JENKINS_TOKEN: 'jenkins-api-token' },
    api: { url: config.apiUrl, token: undefined },
    logger: quietLogger,
  });
  return startAdapter(config, quietLogger, [triggers, ...(options.plugins ?? [])]);
}
