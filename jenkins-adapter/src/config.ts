import { z } from 'zod';
import {
  optionalBindVar,
  envVar,
  parseConfig,
  portVar,
  requiredSecretVar,
  sharedVars,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';
import { DEFAULT_PURL_TEMPLATE, purlTemplateIssues } from './notification/purl-template.js';
import { triggerConfigVars } from './triggers/trigger-config.js';

const purlTemplate = envVar(
  'TRACEY_ADAPTER_PURL_TEMPLATE',
  z
    .string()
    .default(DEFAULT_PURL_TEMPLATE)
    .superRefine((template, context) => {
      for (const message of purlTemplateIssues(template)) context.addIssue({ code: 'custom', message });
    }),
  'Identity (purl) of an archived artifact; placeholders {job}, {file}, {path}, {build}.',
);

/** Every environment variable the Jenkins adapter reads. */
export const adapterConfigSpec = {
  amqpUrl: sharedVars.amqpUrl,
  exchange: sharedVars.exchange,
  apiUrl: sharedVars.apiUrl,
  apiToken: sharedVars.apiToken,
  logLevel: sharedVars.logLevel,
  port: portVar('TRACEY_ADAPTER_PORT', 8081, 'Port of the Jenkins adapter.'),
  bind: sharedVars.bind,
  adapterBind: optionalBindVar(
    'TRACEY_ADAPTER_BIND',
    'Address the Jenkins adapter listens on; default TRACEY_BIND.',
  ),
  adapterToken: requiredSecretVar(
    'TRACEY_ADAPTER_TOKEN',
    'Shared token Jenkins sends (bearer or Basic auth password) to post notifications and events.',
  ),
  purlTemplate,
  ...triggerConfigVars,
} as const;

export type AdapterConfig = ConfigOf<typeof adapterConfigSpec>;

/** Reads the adapter's configuration from `env`, reporting every bad variable. */
export function loadAdapterConfig(
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult<AdapterConfig> {
  return parseConfig(adapterConfigSpec, env);
}
