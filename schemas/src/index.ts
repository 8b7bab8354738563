// Public surface of @tracey/schemas (a test protocol is in `@tracey/schemas/testing`).

// The protocol plug-in interface and the generic publish path.
export type { Protocol, ValidationIssue, IndexedProperties } from './protocol.js';
export { encodeForPublish } from './encode-for-publish.js';
export type { PublishableMessage } from './encode-for-publish.js';
export { SCHEMAS_ERROR_CODES } from './schemas-error.js';

// The Eiffel protocol.
export { eiffelProtocol } from './eiffel/eiffel-protocol.js';
export { validateEiffelEvent } from './eiffel/validate-eiffel-event.js';
export { isEiffelEventType } from './eiffel/eiffel-definitions-lookup.js';
export { EIFFEL_LINK_RULES, isLegalLinkTarget } from './eiffel/eiffel-link-rules.js';
export { eiffelIndexedPropertyNames, eiffelIndexedPropertyOf } from './eiffel/eiffel-indexed-properties.js';
export { sourceChangeIdentity } from './eiffel/source-change-identity.js';
export type { SourceIdentity } from './eiffel/source-change-identity.js';
export { eiffelEvent } from './eiffel/eiffel-event-builder.js';
export type { EiffelEventOptions } from './eiffel/eiffel-event-builder.js';
export { eiffelJsonSchema } from './eiffel/eiffel-json-schema.js';
export { EIFFEL_EVENT_TYPES } from './generated/eiffel-definitions.js';
export type { EiffelLatestDataMap } from './generated/eiffel-definitions.js';
export type { EiffelEvent, EiffelEventType } from './eiffel/eiffel-event.js';

// The CDEvents protocol (spec releases 0.3, 0.4, 0.5).
export {
  cdeventsProtocol,
  CDEVENTS_INDEXED_PROPERTY_NAMES,
  CDEVENTS_LINK_TYPES,
  cdeventsIndexedProperties,
  TICKET_KEY,
} from './cdevents/cdevents-protocol.js';
export type { CdeventsProtocol } from './cdevents/cdevents-protocol.js';
export {
  validateCdEvent,
  CDEVENTS_EVENT_TYPES,
  CDEVENTS_SPEC_VERSIONS,
  cdeventsReleaseOfType,
} from './cdevents/validate-cdevent.js';
export type { CdEventParseResult } from './cdevents/validate-cdevent.js';
export { cdeventsRoutingKey, cdeventsTypeLabel, parseCdEventType } from './cdevents/cdevents-type.js';
export type { CdEvent, CdEventContext, CdEmbeddedLink, CdEventSubject } from './cdevents/cdevent.js';
export { buildCdEvent, CDEVENTS_BUILD_SPEC_VERSION } from './cdevents/cdevent-builder.js';
export type { CdEventOptions } from './cdevents/cdevent-builder.js';

// Both protocols on one queue and in one graph.
export { protocolUnion } from './protocol-union.js';
export type { UnionMember } from './protocol-union.js';
export { claimedEventId, pipelineProtocol, isCdEventShaped } from './pipeline-protocol.js';
export type { PipelineEvent } from './pipeline-protocol.js';
