// `@tracey/graph/testing`: generators of realistic pipelines and the helpers the benchmarks and
// tests share. Not for production code paths.
export { generatePipelineEvents, pipelineEvents } from './pipeline-generator.js';
export type { PipelineOptions } from './pipeline-generator.js';
export { generateLongHistory, longHistoryEvents } from './long-history-generator.js';
export type { LongHistoryOptions } from './long-history-generator.js';
export { benchEventRow, countNodes, emptyGraph } from './bench-graph.js';
export { seededRandom } from './seeded-random.js';
export { generateCdeventsPipeline } from './cdevents-pipeline-generator.js';
export { expectedDerivedLinks, idOf } from './derived-links-oracle.js';
export type { Json } from './derived-links-oracle.js';
export { generateRealisticPipeline, realisticPipelineEvents } from './realistic-pipeline-generator.js';
export type { RealisticPipelineOptions } from './realistic-pipeline-generator.js';
export {
  PLAIN_LABEL,
  plainWrite,
  plainWriteCounts,
  preparePlainWrite,
  removePlainWrite,
} from './plain-write.js';
export { WRITE_STATEMENTS } from './write-statements.js';
