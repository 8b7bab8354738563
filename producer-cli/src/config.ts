import {
  intVar,
  parseConfig,
  secretVar,
  sharedVars,
  textVar,
  urlVar,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';

/** Every environment variable the `tracey` CLI reads. */
export const cliConfigSpec = {
  amqpUrl: sharedVars.amqpUrl,
  amqpCaFile: sharedVars.amqpCaFile,
  amqpCertFile: sharedVars.amqpCertFile,
  amqpKeyFile: sharedVars.amqpKeyFile,
  exchange: sharedVars.exchange,
  apiUrl: sharedVars.apiUrl,
  apiToken: sharedVars.apiToken,
  logLevel: sharedVars.logLevel,
  maxEventBytes: sharedVars.maxEventBytes,
  adapterUrl: urlVar(
    'TRACEY_ADAPTER_URL',
    'http://127.0.0.1:8081',
    ['http', 'https'],
    'Base URL of the Jenkins adapter (tracey triggers).',
  ),
  adapterToken: secretVar(
    'TRACEY_ADAPTER_TOKEN',
    undefined,
    'Token of the Jenkins adapter, for tracey triggers (the adapter requires it).',
  ),
  spoolDir: textVar(
    'TRACEY_SPOOL_DIR',
    '.tracey/spool',
    'Where events wait when the broker cannot take them (relative to the working directory).',
  ),
  confirmTimeoutMs: intVar(
    'TRACEY_CONFIRM_MS',
    10_000,
    { min: 100, max: 600_000 },
    'Longest wait (ms) for the broker to confirm published events before they are spooled.',
  ),
} as const;

export type CliConfig = ConfigOf<typeof cliConfigSpec>;

/** Reads the CLI's configuration from `env`, reporting every bad variable. */
export function loadCliConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult<CliConfig> {
  return parseConfig(cliConfigSpec, env);
}
