export { apiConfigSpec, loadApiConfig } from './config.js';
export type { ApiConfig } from './config.js';
