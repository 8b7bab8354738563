// Test doubles for code generic over protocols (`@tracey/schemas/testing`).
export { tickProtocol } from './tick-protocol.js';
export { cdeventsConformanceExamples, CONFORMANCE_RELEASES, fixturesDir } from './conformance-examples.js';
export type { ConformanceEvent, ConformanceExample } from './conformance-examples.js';
