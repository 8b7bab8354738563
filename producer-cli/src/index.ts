export { cliConfigSpec, loadCliConfig } from './config.js';
export type { CliConfig } from './config.js';
export { CLI_ERROR_CODES, EXIT_CODES } from './internal/cli-error.js';
