// What other packages' tests use of the API (`@tracey/api/testing`): the fixture graph its
// oracles are computed over, written through the graph's write path. Not part of the service.
export { ingest, loadInputEvents, type InputEvent } from './fixture-graph.js';
export { syntheticRelease } from './synthetic-release.js';
export { startApiProcess, type ApiProcess } from './api-process.js';
