// Test doubles for code generic over protocols (`@tracey/schemas/testing`).
export { tickProtocol } from './tick-protocol.js';
