// Public surface of @tracey/schemas.

// The protocol plug-in interface and the generic publish path.
export type {
  Protocol,
  ParseResult,
  ValidationIssue,
  ValidationIssueCode,
  EventLink,
  IndexedProperties,
} from './protocol.js';
export { encodeForPublish } from './encode-for-publish.js';
export type { EncodeOptions, EncodeResult, PublishableMessage } from './encode-for-publish.js';
export { SCHEMAS_ERROR_CODES } from './schemas-error.js';
export type { SchemasErrorCode } from './schemas-error.js';

// The Eiffel protocol.
export { createEiffelProtocol, eiffelProtocol } from './eiffel/eiffel-protocol.js';
export type { EiffelProtocol, EiffelProtocolOptions } from './eiffel/eiffel-protocol.js';
export { validateEiffelEvent } from './eiffel/validate-eiffel-event.js';
export type { EiffelParseResult } from './eiffel/validate-eiffel-event.js';
export {
  isEiffelEventType,
  eiffelVersions,
  latestEiffelVersion,
} from './eiffel/eiffel-definitions-lookup.js';
export {
  EIFFEL_LINK_RULES,
  eiffelLinkRules,
  eiffelLinkRule,
  isLegalLinkTarget,
} from './eiffel/eiffel-link-rules.js';
export type { LinkRule, LinkRuleTable } from './internal/definition-model.js';
export { EIFFEL_ROUTING_FAMILIES, eiffelRoutingKey } from './eiffel/eiffel-routing-key.js';
export {
  eiffelIndexedProperties,
  eiffelIndexedPropertyNames,
  eiffelIndexedPropertyOf,
} from './eiffel/eiffel-indexed-properties.js';
export { sourceChangeIdentity, SOURCE_IDENTITY_PROPERTIES } from './eiffel/source-change-identity.js';
export type { SourceIdentity, SourceVcs } from './eiffel/source-change-identity.js';
export { eiffelEvent, EiffelEventBuilder, TRACEY_SERIALIZER } from './eiffel/eiffel-event-builder.js';
export type { EiffelEventOptions } from './eiffel/eiffel-event-builder.js';
export { eiffelJsonSchema } from './eiffel/eiffel-json-schema.js';
export { EIFFEL_EVENT_TYPES } from './generated/eiffel-definitions.js';
export type {
  EiffelDataMap,
  EiffelLatestDataMap,
  EiffelLinkTypeMap,
} from './generated/eiffel-definitions.js';
export type {
  EiffelEvent,
  EiffelEventOf,
  EiffelEventType,
  EiffelEnvelopeMeta,
  EiffelLink,
  EiffelMeta,
  KnownEiffelEvent,
  UnverifiedEiffelEvent,
} from './eiffel/eiffel-event.js';

// Test doubles shipped with the library.
export { tickProtocol } from './testing/tick-protocol.js';
export type { TickEvent } from './testing/tick-protocol.js';
