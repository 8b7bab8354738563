import { TraceyError } from '@tracey/common';

/**
 * Stable codes of the errors the intake adapters (Jenkins, webhook) answer with, and their HTTP
 * status (docs/errors.md).
 */
export const ADAPTER_ERROR_STATUS = {
  /** The body or a parameter is malformed: not JSON, wrong shape, too many events. */
  ADAPTER_BAD_REQUEST: 400,
  /** The token (bearer, or Basic auth password) is missing or wrong. */
  ADAPTER_UNAUTHORIZED: 401,
  /** The token is known (TRACEY_TOKENS_FILE) but lacks the route's scope (publish, trigger). */
  ADAPTER_FORBIDDEN: 403,
  /** No route has the path. */
  ADAPTER_NOT_FOUND: 404,
  /** The body is larger than the endpoint takes. */
  ADAPTER_PAYLOAD_TOO_LARGE: 413,
  ADAPTER_RATE_LIMITED: 429,
  /** The body's content type is not `application/json`. */
  ADAPTER_UNSUPPORTED_MEDIA_TYPE: 415,
  /** Every submitted event is invalid; `details.results` gives each one's reasons. */
  ADAPTER_INVALID_EVENTS: 422,
  /** The broker did not take (confirm) the events; nothing is lost by sending them again. */
  ADAPTER_BROKER_UNAVAILABLE: 503,
  /** The broker did not take the events and the intake's spool has no room for them either. */
  ADAPTER_SPOOL_FULL: 503,
  /** `/ready`: a plugin (e.g. the triggers) cannot do its work yet. */
  ADAPTER_NOT_READY: 503,
  /** A bug; details are in the log, not the answer. */
  ADAPTER_INTERNAL: 500,
} as const;

export type AdapterErrorCode = keyof typeof ADAPTER_ERROR_STATUS;

/** A `TraceyError` with one of the adapter's codes. */
export function adapterError(
  code: AdapterErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): TraceyError<AdapterErrorCode> {
  return new TraceyError(code, message, {
    details,
    retryable: code === 'ADAPTER_BROKER_UNAVAILABLE' || code === 'ADAPTER_SPOOL_FULL',
  });
}

/** Whether `code` is one of the adapter's codes. */
export function isAdapterCode(code: string): code is AdapterErrorCode {
  return Object.hasOwn(ADAPTER_ERROR_STATUS, code);
}
