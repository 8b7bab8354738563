export { cliConfigSpec } from './config.js';
export { CLI_ERROR_CODES, EXIT_CODES } from './internal/cli-error.js';
