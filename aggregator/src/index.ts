export { aggregatorConfigSpec, loadAggregatorConfig } from './config.js';
export type { AggregatorConfig } from './config.js';
export { EventGraph } from './graph/event-graph.js';
export type {
  EventGraphOptions,
  MissingLinkTarget,
  Neo4jConnectionOptions,
  WriteOutcome,
} from './graph/event-graph.js';
export { toEventRow } from './graph/event-row.js';
export type { EventRow, LinkRow, ParsedEvent } from './graph/event-row.js';
export { contentHash, canonicalJson } from './graph/content-hash.js';
export { GRAPH_ERROR_CODES, toGraphError } from './graph/graph-error.js';
export type { GraphErrorCode } from './graph/graph-error.js';
export {
  EVENT_LABEL,
  PLACEHOLDER_LABEL,
  GENERIC_LINK_TYPE,
  checkedVocabulary,
  eiffelGraphVocabulary,
} from './graph/graph-vocabulary.js';
export type { GraphVocabulary } from './graph/graph-vocabulary.js';
export { SCHEMA_STATEMENTS, writeStatements } from './graph/graph-cypher.js';
export type { WriteStatements } from './graph/graph-cypher.js';
