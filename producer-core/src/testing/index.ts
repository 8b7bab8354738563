// Test doubles for code that publishes through an Output (`@tracey/producer-core/testing`).
export { MemoryOutput } from './memory-output.js';
