/**
 * Stable codes of the errors the aggregator's `/health`, `/ready`, `/metrics` port answers with,
 * and their HTTP status: the same error body as the query API and the adapter.
 */
export const AGGREGATOR_ERROR_STATUS = {
  /** A URL the router refuses (bad percent-encoding). */
  AGGREGATOR_BAD_REQUEST: 400,
  /** No route has the path. */
  AGGREGATOR_NOT_FOUND: 404,
  /** `/ready`: the worker is not consuming with a working graph; `details.reason` says why. */
  AGGREGATOR_NOT_READY: 503,
  /** A bug (e.g. the metrics cannot be read); details are in the log, not the answer. */
  AGGREGATOR_INTERNAL: 500,
} as const;

export type AggregatorErrorCode = keyof typeof AGGREGATOR_ERROR_STATUS;
