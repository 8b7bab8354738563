import { z } from 'zod';
import {
  optionalBindVar,
  envVar,
  intVar,
  textVar,
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
  amqpCaFile: sharedVars.amqpCaFile,
  amqpCertFile: sharedVars.amqpCertFile,
  amqpKeyFile: sharedVars.amqpKeyFile,
  exchange: sharedVars.exchange,
  apiUrl: sharedVars.apiUrl,
  apiToken: sharedVars.apiToken,
  logLevel: sharedVars.logLevel,
  rateLimit: sharedVars.rateLimit,
  rateLimitWindowMs: sharedVars.rateLimitWindowMs,
  maxEventBytes: sharedVars.maxEventBytes,
  port: portVar('TRACEY_ADAPTER_PORT', 8081, 'Port of the Jenkins adapter.'),
  bind: sharedVars.bind,
  tlsCert: sharedVars.tlsCert,
  tlsKey: sharedVars.tlsKey,
  adapterBind: optionalBindVar(
    'TRACEY_ADAPTER_BIND',
    'Address the Jenkins adapter listens on; default TRACEY_BIND.',
  ),
  auditFile: textVar(
    'TRACEY_AUDIT_FILE',
    '.tracey/audit/jenkins-adapter.jsonl',
    'JSON-lines audit trail this adapter appends to: calls by token name, refusals, trigger decisions (docs/SECURITY.md#audit).',
  ),
  tokensFile: envVar(
    'TRACEY_TOKENS_FILE',
    z.string().min(1).optional(),
    'YAML or JSON file of named tokens with scopes and a sha256 or scrypt hash each (docs/SECURITY.md), here publish (events, notifications) and trigger (the history and replays of the triggers); read at start and on SIGHUP. TRACEY_ADAPTER_TOKEN stays a token with every scope.',
  ),
  adapterToken: requiredSecretVar(
    'TRACEY_ADAPTER_TOKEN',
    'Shared token Jenkins sends (bearer or Basic auth password) to post notifications and events.',
  ),
  purlTemplate,
  spoolDir: textVar(
    'TRACEY_ADAPTER_SPOOL_DIR',
    '.tracey/adapter-spool',
    'Durable spool of events the broker did not confirm; flushed in order when it is back.',
  ),
  spoolMaxBytes: intVar(
    'TRACEY_ADAPTER_SPOOL_MAX_BYTES',
    268_435_456,
    { min: 1_048_576, max: 1_099_511_627_776 },
    'Bytes the spool may hold (256 MiB); when full, deliveries the broker does not take get 503 ADAPTER_SPOOL_FULL.',
  ),
  spoolFlushMs: intVar(
    'TRACEY_ADAPTER_SPOOL_FLUSH_MS',
    5000,
    { min: 100, max: 3_600_000 },
    'How often (ms) a non-empty spool is sent again to the broker.',
  ),
  ...triggerConfigVars,
} as const;

export type AdapterConfig = ConfigOf<typeof adapterConfigSpec>;

/** Reads the adapter's configuration from `env`, reporting every bad variable. */
export function loadAdapterConfig(
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult<AdapterConfig> {
  return parseConfig(adapterConfigSpec, env);
}
