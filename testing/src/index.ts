export { AmqpTestBroker } from './amqp-test-broker.js';
export { connectTestNeo4j, resetTestGraph, countNodes } from './neo4j-test-graph.js';
export { uniqueName } from './unique-name.js';
export { declareTestTopology } from './test-topology.js';
export type { TestTopology } from './test-topology.js';
export { parseSettings } from './local-services.js';
export { testServices } from './test-services.js';
export type { ServiceEndpoints, ServiceSource } from './service-endpoints.js';
