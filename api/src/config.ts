import {
  enumVar,
  optionalBindVar,
  parseConfig,
  portVar,
  sharedVars,
  type ConfigOf,
  type ConfigResult,
} from '@tracey/common';

/** Every environment variable the query API reads. */
export const apiConfigSpec = {
  neo4jUrl: sharedVars.neo4jUrl,
  neo4jUser: sharedVars.neo4jUser,
  neo4jPassword: sharedVars.neo4jPassword,
  apiToken: sharedVars.apiToken,
  logLevel: sharedVars.logLevel,
  port: portVar('TRACEY_API_PORT', 8080, 'Port of the query API.'),
  bind: sharedVars.bind,
  apiBind: optionalBindVar('TRACEY_API_BIND', 'Address the query API listens on; default TRACEY_BIND.'),
  readAuth: enumVar(
    'TRACEY_API_READ_AUTH',
    'optional',
    ['optional', 'required'],
    'Whether read endpoints also require the bearer token.',
  ),
} as const;

export type ApiConfig = ConfigOf<typeof apiConfigSpec>;

/** Reads the query API's configuration from `env`, reporting every bad variable. */
export function loadApiConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult<ApiConfig> {
  return parseConfig(apiConfigSpec, env);
}
