import {
  parseConfig,
  portVar,
  requiredSecretVar,
  sharedVars,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';

/** Every environment variable the Jenkins adapter reads. */
export const adapterConfigSpec = {
  amqpUrl: sharedVars.amqpUrl,
  exchange: sharedVars.exchange,
  apiUrl: sharedVars.apiUrl,
  apiToken: sharedVars.apiToken,
  logLevel: sharedVars.logLevel,
  port: portVar('TRACEY_ADAPTER_PORT', 8081, 'Port of the Jenkins adapter.'),
  adapterToken: requiredSecretVar(
    'TRACEY_ADAPTER_TOKEN',
    'Shared token Jenkins sends (bearer or Basic auth password) to post notifications and events.',
  ),
} as const;

export type AdapterConfig = ConfigOf<typeof adapterConfigSpec>;

/** Reads the adapter's configuration from `env`, reporting every bad variable. */
export function loadAdapterConfig(
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult<AdapterConfig> {
  return parseConfig(adapterConfigSpec, env);
}
