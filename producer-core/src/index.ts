// Public surface of @tracey/producer-core.

// Outputs: the interface, composites, built-ins and the in-memory double.
export { delivered, retryable, failed } from './output.js';
export type { Output, OutputResult } from './output.js';
export { MultiOutput, combineResults } from './multi-output.js';
export { MemoryOutput } from './memory-output.js';
export { AmqpOutput } from './amqp-output.js';
export type { AmqpOutputOptions } from './amqp-output.js';
export type { BackoffOptions } from './internal/backoff.js';
export { NdjsonOutput } from './ndjson-output.js';
export type { NdjsonTarget } from './ndjson-output.js';

// Never lose an event.
export { FileSpool } from './spool.js';
export type { SpoolStatus, DrainResult } from './spool.js';
export { SpoolingOutput } from './spooling-output.js';
export type { SpoolingOutputOptions } from './spooling-output.js';

// Inputs.
export { valuesInput } from './input.js';
export type { Input, InputItem } from './input.js';
export { jsonInput } from './json-input.js';
export type { JsonInputOptions } from './json-input.js';
export { eiffelEventFromArgs, resolveEiffelType } from './eiffel-args-event.js';
export type { EiffelArgs, ArgsEventResult } from './eiffel-args-event.js';
export { detectCiEnvironment, ciEventSource, ciActivityData } from './ci-environment.js';
export type { CiEnvironment } from './ci-environment.js';
export { readGitCommit } from './git-commit.js';
export type { GitCommit } from './git-commit.js';
export { issueReferences } from './issue-references.js';
export type { IssueReference } from './issue-references.js';
export { sourceChangeCreatedData, sourceChangeSubmittedData, mentionedIssues } from './source-change-data.js';
export type { IssueUris, MentionedIssue } from './source-change-data.js';

// The producer and its registry of parts.
export { createProducer } from './producer.js';
export type { Producer, ProducerOptions, ProduceReport, RejectedItem } from './producer.js';
export { ProducerRegistry } from './registry.js';
export type { PartConfig, PartContext, OutputFactory, InputFactory, TraceyPlugin } from './registry.js';
export { createDefaultRegistry } from './builtin-parts.js';
export { PRODUCER_ERROR_CODES } from './producer-error.js';
export type { ProducerErrorCode } from './producer-error.js';
export type { ProducerLogger } from './producer-logger.js';

// The conditions events are matched with (consuming itself is @tracey/amqp's).
export { eventConditionSchema, evaluateConditions, testCondition } from './conditions/event-condition.js';
export type { EventCondition, ConditionResult } from './conditions/event-condition.js';
export { formatEventPath, parseEventPath, readEventPath } from './conditions/event-path.js';
export type { EventPath } from './conditions/event-path.js';
export { parseWhereExpression } from './conditions/where-expression.js';
