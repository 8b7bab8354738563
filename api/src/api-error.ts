import { TraceyError } from '@tracey/common';

/** Stable codes of the errors the query API answers with, and their HTTP status. */
export const API_ERROR_STATUS = {
  /** A parameter or body is malformed or outside its allowed range. */
  API_BAD_REQUEST: 400,
  /** The bearer token is missing or wrong. */
  API_UNAUTHORIZED: 401,
  API_FORBIDDEN: 403,
  API_RATE_LIMITED: 429,
  /** The read-only Cypher endpoint was asked to write; refused by the database. */
  API_WRITE_REFUSED: 403,
  /** The read-only Cypher endpoint was asked to reach outside the graph (files, URLs, the server). */
  API_CYPHER_REFUSED: 403,
  /** No stored event has the id, or no route has the path. */
  API_NOT_FOUND: 404,
  /** The body is over the limit (1 MiB). */
  API_PAYLOAD_TOO_LARGE: 413,
  /** A path parameter is longer than the router takes (100 characters). */
  API_URI_TOO_LONG: 414,
  /** The body's content type is not `application/json`. */
  API_UNSUPPORTED_MEDIA_TYPE: 415,
  /** Two events are not connected the way the request needs (e.g. lead time). */
  API_NOT_CONNECTED: 422,
  /** The event exists but a report cannot start from its type (e.g. contents of a test case). */
  API_WRONG_EVENT_TYPE: 422,
  /** A query ran over the time limit or its result over the row cap. */
  API_LIMIT_EXCEEDED: 422,
  /** The endpoint needs a token but `TRACEY_API_TOKEN` is not set: it stays closed. */
  API_AUTH_NOT_CONFIGURED: 503,
  /** Neo4j cannot be reached or is briefly unable to answer. */
  API_UNAVAILABLE: 503,
  /** A bug or an unexpected database failure; details are in the log, not the answer. */
  API_INTERNAL: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** A `TraceyError` with one of the API's codes. */
export function apiError(
  code: ApiErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): TraceyError<ApiErrorCode> {
  return new TraceyError(code, message, { details });
}
