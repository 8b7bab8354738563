import { z } from 'zod';
import {
  envVar,
  enumVar,
  intVar,
  optionalBindVar,
  parseConfig,
  portVar,
  sharedVars,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';
import { LIMITS } from './limits.js';

/** The origins of a comma-separated list. */
function originsOf(text: string): string[] {
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/** Every environment variable the query API reads. */
export const apiConfigSpec = {
  neo4jUrl: sharedVars.neo4jUrl,
  neo4jCaFile: sharedVars.neo4jCaFile,
  neo4jUser: sharedVars.neo4jUser,
  neo4jPassword: sharedVars.neo4jPassword,
  apiToken: sharedVars.apiToken,
  logLevel: sharedVars.logLevel,
  rateLimit: sharedVars.rateLimit,
  rateLimitWindowMs: sharedVars.rateLimitWindowMs,
  port: portVar('TRACEY_API_PORT', 8080, 'Port of the query API.'),
  bind: sharedVars.bind,
  tlsCert: sharedVars.tlsCert,
  tlsKey: sharedVars.tlsKey,
  apiBind: optionalBindVar('TRACEY_API_BIND', 'Address the query API listens on; default TRACEY_BIND.'),
  tokensFile: envVar(
    'TRACEY_TOKENS_FILE',
    z.string().min(1).optional(),
    'YAML or JSON file of named tokens with scopes (read, publish, trigger, cypher, admin) and a sha256 or scrypt hash each (docs/SECURITY.md); read at start and on SIGHUP. TRACEY_API_TOKEN stays a token with every scope.',
  ),
  amqpUrl: sharedVars.amqpUrl,
  amqpCaFile: sharedVars.amqpCaFile,
  amqpCertFile: sharedVars.amqpCertFile,
  amqpKeyFile: sharedVars.amqpKeyFile,
  exchange: sharedVars.exchange,
  live: enumVar(
    'TRACEY_API_LIVE',
    'on',
    ['on', 'off'],
    'Whether GET /events/live streams new events from the broker (the web UI lists them as they come); off: no broker connection.',
  ),
  auditFile: envVar(
    'TRACEY_AUDIT_FILE',
    z.string().min(1).default('.tracey/audit/api.jsonl'),
    'JSON-lines file the audit trail is appended to (calls by token name, refusals, Cypher by hash); GET /audit reads it.',
  ),
  readAuth: enumVar(
    'TRACEY_API_READ_AUTH',
    'optional',
    ['optional', 'required'],
    'Whether read endpoints also require the bearer token.',
  ),
  clockSkewMs: intVar(
    'TRACEY_API_CLOCK_SKEW_MS',
    LIMITS.clockSkewMs,
    { min: 0, max: 31_536_000_000 },
    "How far (ms) a producer's clock may run ahead of the events its events link to; searches prune by time with this margin.",
  ),
  searchBudget: intVar(
    'TRACEY_API_SEARCH_BUDGET',
    LIMITS.searchBudget,
    { min: 1000, max: 100_000_000 },
    'Most events a difference walk (trace contents with since) may visit before it answers 422.',
  ),
  doraConfig: envVar(
    'TRACEY_DORA_CONFIG',
    z.string().min(1).optional(),
    'YAML or JSON file of what the DORA keys count as production, deployments, teams (docs/dora.md#configuration); read at start.',
  ),
  corsOrigins: envVar(
    'TRACEY_CORS_ORIGINS',
    z
      .string()
      .refine(
        (text) => originsOf(text).every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)),
        'must be origins like https://ui.example.com',
      )
      .transform(originsOf)
      .optional(),
    'Origins (comma-separated, exactly as a browser sends them, e.g. https://ui.example.com) whose pages may call the API from a browser; default none: CORS closed. The web UI at /ui/ is same-origin and needs none.',
  ),
  doraMetricsWindowDays: intVar(
    'TRACEY_DORA_METRICS_WINDOW_DAYS',
    30,
    { min: 0, max: 3650 },
    'The window (days, up to now) of the DORA series on /metrics (docs/dora.md#prometheus-and-grafana); 0: no DORA series.',
  ),
  doraMetricsIntervalMs: intVar(
    'TRACEY_DORA_METRICS_INTERVAL_MS',
    60_000,
    { min: 0, max: 86_400_000 },
    'The shortest time (ms) between two computations of the DORA series; scrapes in between see the last one.',
  ),
} as const;

export type ApiConfig = ConfigOf<typeof apiConfigSpec>;

/** Reads the query API's configuration from `env`, reporting every bad variable. */
export function loadApiConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult<ApiConfig> {
  return parseConfig(apiConfigSpec, env);
}
