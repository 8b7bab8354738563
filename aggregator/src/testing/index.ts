// What other packages' tests use of the aggregator (`@tracey/aggregator/testing`): the worker as a
// process, the official fixtures, and the expected graph computed from them independently of the
// write path. Not part of the service.
export { buildAggregator, WorkerProcess } from './worker-process.js';
export { officialFlows, referenceData, type FixtureEvent } from './fixtures.js';
export {
  actualGraph,
  expectedGraph,
  graphSnapshot,
  storedEventCount,
  uniquenessConstraints,
  type ExpectedGraph,
} from './graph-expectations.js';
export {
  drain,
  publishEvents,
  quietLogger,
  readyMessages,
  seededRandom,
  shuffled,
  shuffledWithDuplicates,
  startIngestRig,
  startTestWorker,
  waitUntil,
  type IngestRig,
} from './ingest-harness.js';
