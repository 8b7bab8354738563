/**
 * Codes of the TraceyErrors this package throws. Throwing is for programming errors only (bad
 * configuration, a builder fed data its own types forbid); validating input returns issues.
 */
export const SCHEMAS_ERROR_CODES = {
  /** A built event breaks its definition; `details.errors` lists every ValidationIssue. */
  eventInvalid: 'SCHEMAS_EVENT_INVALID',
  /** A routing key tag is empty or contains a `.`. */
  routingTagInvalid: 'SCHEMAS_ROUTING_TAG_INVALID',
  /** An event type or version this package has no definition of. */
  unknownEventType: 'SCHEMAS_UNKNOWN_EVENT_TYPE',
} as const;

export type SchemasErrorCode = (typeof SCHEMAS_ERROR_CODES)[keyof typeof SCHEMAS_ERROR_CODES];
