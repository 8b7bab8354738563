// @tracey/graph: the event graph in Neo4j, one model for the writer (the aggregator) and the
// readers (the query API, the adapter's lookups). Generators for tests and benchmarks are in
// `@tracey/graph/testing`.

// The read surface.
export { EventGraph, neo4jTls } from './event-graph.js';
export { BOLT_WRITE_BYTES, enlargeBoltWrites } from './bolt-chunk-size.js';
export type { GraphReader, MissingLinkTarget, WriteOutcome } from './event-graph.js';
export type { ReadTransaction } from './auto-commit-read.js';
export {
  EVENT_LABEL,
  PLACEHOLDER_LABEL,
  GENERIC_LINK_TYPE,
  eiffelGraphVocabulary,
  pipelineGraphVocabulary,
} from './graph-vocabulary.js';
export type { GraphVocabulary } from './graph-vocabulary.js';
export { HISTORY_CHAIN_LINKS } from './graph-cypher.js';
export { DERIVED_LINK_TYPES } from './derived-links.js';
export { CONTENT_LINK_TYPES } from './content-links.js';
export { GRAPH_ERROR_CODES } from './graph-error.js';

// The write surface: rows from parsed events, their content hash, the statements, migrations.
export { toEventRow } from './event-row.js';
export { sameContent, type HashedJson } from './content-hash.js';
export type { EventRow } from './event-row.js';
export { migrateGraph } from './graph-migration.js';
export { purgeGraph, PurgeRunning } from './graph-retention.js';
export type { RetentionOptions, RetentionSummary } from './graph-retention.js';
