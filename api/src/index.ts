export { apiConfigSpec, loadApiConfig } from './config.js';
export type { ApiConfig } from './config.js';
export { buildApp } from './build-app.js';
export type { BuildAppOptions } from './build-app.js';
export { API_ERROR_STATUS, apiError } from './api-error.js';
export type { ApiErrorCode } from './api-error.js';
export type { QueryGraph, ReadOptions } from './graph/query-graph.js';
export { API_ERRORS, translateError } from './http/api-error-table.js';
export { LIMITS } from './limits.js';
export { humanDuration } from './queries/lead-time.js';
export type { LeadTime, PathStep } from './queries/lead-time.js';
export type { Direction, TraversalEdge, TraversalNode, TraversalResult } from './queries/traversal.js';
export type {
  ArtifactItem,
  CompositionItem,
  ReportEvent,
  Resolution,
  SourceChangeItem,
  TraceContents,
  WorkItem,
} from './queries/contents-report.js';
export type {
  ReachedArtifact,
  ReachedComposition,
  ReachedConfidenceLevel,
  ReachedDeployment,
  ReachedEvent,
  ReachedPublication,
  TraceReleases,
} from './queries/trace-releases.js';
export type { ReportStart } from './queries/trace-report.js';
export type { LeadTimeGroup, LeadTimeStats } from './queries/lead-time-stats.js';
export type { DurationStats } from './queries/duration-stats.js';
export type { EventSelector } from './queries/event-selector.js';
export {
  CONTENT_LINK_TYPES,
  ISSUE_LINK_TYPES,
  PROVENANCE_LINK_TYPES,
  STATS_LINK_TYPES,
} from './queries/trace-links.js';
