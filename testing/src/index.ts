export { AmqpTestBroker } from './amqp-test-broker.js';
export { connectTestNeo4j, resetTestGraph } from './neo4j-test-graph.js';
export {
  claimTestDatabase,
  countNodes,
  isMarkedTestDatabase,
  TEST_DATABASE_MARK,
} from './test-database-claim.js';
export type { TestDatabaseClaim } from './test-database-claim.js';
export { lockTestServices } from './test-run-lock.js';
export { holdTimedTestLock } from './timed-test-lock.js';
export { TIMED_LOCK_WAIT_MS, useTimedTestLock } from './timed-test-hooks.js';
export { uniqueName } from './unique-name.js';
export { freePort } from '@tracey/common';
export { waitUntil } from './wait-until.js';
export { exitWithParent } from './exit-with-parent.js';
export { quietLogger } from './quiet-logger.js';
export { TcpProxy } from './tcp-proxy.js';
export { declareTestTopology } from './test-topology.js';
export type { TestTopology } from './test-topology.js';
export type { TestServicesProject } from './local-services.js';
export { testServices } from './test-services.js';
export { neo4jSandboxSettings, neo4jImageVariable } from './neo4j-sandbox-settings.js';
export type { ServiceEndpoints, ServiceSource } from './service-endpoints.js';
export { AnswerRecorder, DocumentedAnswers, openApiPath } from './documented-answers.js';
export type { HookedApp, InjectedAnswer, OpenApiDocument } from './documented-answers.js';
export { buildWorkspace, keptOutputPath, runBuild, spawnService } from './service-process.js';
export type { ServiceProcess } from './service-process.js';
export { makeTestCertificates } from './test-certificates.js';
export type { TestCertificates } from './test-certificates.js';
export { TlsRabbitMq } from './tls-rabbitmq.js';
export { TlsNeo4j } from './tls-neo4j.js';
export { portOpen } from './port-open.js';
