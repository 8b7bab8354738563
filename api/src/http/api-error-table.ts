import { GRAPH_ERROR_CODES } from '@tracey/graph';
import type { TraceyError } from '@tracey/common';
import { createErrorTranslator, type ErrorAnswer, type ErrorTable } from '@tracey/http-kit';
import { API_ERROR_STATUS, type ApiErrorCode } from '../api-error.js';
import { LIMITS } from '../limits.js';

const NEO4J_WRITE_REFUSED = 'Neo.ClientError.Statement.AccessMode';
const NEO4J_TIMED_OUT = 'Neo.ClientError.Transaction.TransactionTimedOut';

/**
 * Graph errors in the API's codes: by kind, and by the database's own code for write refusals
 * and timeouts; any other is `API_INTERNAL`.
 */
function graphAnswer(error: TraceyError): ErrorAnswer<ApiErrorCode> | undefined {
  const neo4jCode = typeof error.details['neo4jCode'] === 'string' ? error.details['neo4jCode'] : '';
  if (neo4jCode === NEO4J_WRITE_REFUSED) {
    return {
      code: 'API_WRITE_REFUSED',
      message: 'the database refused a write in a read-only transaction',
      details: { neo4jCode },
    };
  }
  if (neo4jCode.startsWith(NEO4J_TIMED_OUT)) {
    return {
      code: 'API_LIMIT_EXCEEDED',
      message: `the query ran over its time limit (${LIMITS.queryTimeoutMs} ms); narrow it`,
      details: { neo4jCode, limit: 'queryTimeoutMs', value: LIMITS.queryTimeoutMs },
    };
  }
  if (error.code === GRAPH_ERROR_CODES.unavailable || error.code === GRAPH_ERROR_CODES.transient) {
    return {
      code: 'API_UNAVAILABLE',
      message: 'the graph database is not available; retry later',
      details: {},
    };
  }
  return undefined;
}

/** The query API's errors in the kit's one shape: every code with one status. */
export const API_ERRORS: ErrorTable<ApiErrorCode> = {
  status: API_ERROR_STATUS,
  badRequest: 'API_BAD_REQUEST',
  notFound: 'API_NOT_FOUND',
  internal: 'API_INTERNAL',
  frameworkStatus: {
    413: 'API_PAYLOAD_TOO_LARGE',
    414: 'API_URI_TOO_LONG',
    415: 'API_UNSUPPORTED_MEDIA_TYPE',
    429: 'API_RATE_LIMITED',
  },
  foreign: graphAnswer,
};

/** Errors as the query API answers them (see {@link API_ERRORS}). */
export const translateError = createErrorTranslator(API_ERRORS);
