export { stackConfigSpec } from './config.js';
