export { adapterConfigSpec, loadAdapterConfig } from './config.js';
export type { AdapterConfig } from './config.js';
