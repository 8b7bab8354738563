export { cliConfigSpec, loadCliConfig } from './config.js';
export type { CliConfig } from './config.js';
