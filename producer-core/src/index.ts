// Public surface of @tracey/producer-core.

// Outputs: the interface and the built-ins (an in-memory double is in `@tracey/producer-core/testing`).
export { delivered, retryable, failed } from './output.js';
export type { Output, OutputResult } from './output.js';
export { AmqpOutput } from './amqp-output.js';
export { NdjsonOutput } from './ndjson-output.js';

// Never lose an event.
export { FileSpool } from './spool.js';
export type { SpoolStatus, DrainResult } from './spool.js';
export { SpoolingOutput } from './spooling-output.js';

// Inputs.
export { valuesInput } from './input.js';
export type { Input, InputItem } from './input.js';
export { jsonInput } from './json-input.js';
export { eiffelEventFromArgs, resolveEiffelType } from './eiffel-args-event.js';
export type { EiffelArgs } from './eiffel-args-event.js';
export { detectCiEnvironment, ciEventSource, ciActivityData } from './ci-environment.js';
export type { CiEnvironment } from './ci-environment.js';
export { readGitCommit } from './git-commit.js';
export type { GitCommit } from './git-commit.js';
export { sourceChangeCreatedData, sourceChangeSubmittedData, mentionedIssues } from './source-change-data.js';

// The producer and its registry of parts.
export { createProducer } from './producer.js';
export type { ProduceReport } from './producer.js';
export { createDefaultRegistry } from './builtin-parts.js';
export { PRODUCER_ERROR_CODES } from './producer-error.js';
export type { ProducerLogger } from './producer-logger.js';

// The conditions events are matched with (consuming itself is @tracey/amqp's).
export { eventConditionSchema, evaluateConditions, testCondition } from './conditions/event-condition.js';
export type { EventCondition } from './conditions/event-condition.js';
export { formatEventPath, parseEventPath, readEventPath } from './conditions/event-path.js';
export { parseWhereExpression } from './conditions/where-expression.js';
export type { EventPath } from './conditions/event-path.js';
