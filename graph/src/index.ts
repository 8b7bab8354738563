// @tracey/graph: the event graph in Neo4j, one model for the writer (the aggregator) and the
// readers (the query API, the adapter's lookups). Generators for tests and benchmarks are in
// `@tracey/graph/testing`.

// The read surface.
export { EventGraph } from './event-graph.js';
export type {
  EventGraphOptions,
  GraphReader,
  GraphWriter,
  MissingLinkTarget,
  Neo4jConnectionOptions,
  TransactionOptions,
  WriteOutcome,
} from './event-graph.js';
export {
  EVENT_LABEL,
  PLACEHOLDER_LABEL,
  GENERIC_LINK_TYPE,
  checkedVocabulary,
  eiffelGraphVocabulary,
} from './graph-vocabulary.js';
export type { GraphVocabulary } from './graph-vocabulary.js';
export { HISTORY_CHAIN_LINKS } from './graph-cypher.js';
export { GRAPH_ERROR_CODES, toGraphError } from './graph-error.js';
export type { GraphErrorCode } from './graph-error.js';

// The write surface: rows from parsed events, their content hash, the statements, migrations.
export { toEventRow } from './event-row.js';
export type { EventRow, LinkRow, ParsedEvent } from './event-row.js';
export { contentHash, canonicalJson } from './content-hash.js';
export {
  CREATE_LINKS_CYPHER,
  MISSING_TARGETS_CYPHER,
  SCHEMA_STATEMENTS,
  WRITE_EVENTS_CYPHER,
} from './graph-cypher.js';
export { migrateGraph } from './graph-migration.js';
export type { MigrationOptions, MigrationSummary } from './graph-migration.js';
