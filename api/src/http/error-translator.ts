import { GRAPH_ERROR_CODES } from '@tracey/graph';
import { isTraceyError } from '@tracey/common';
import { API_ERROR_STATUS, type ApiErrorCode } from '../api-error.js';
import { LIMITS } from '../limits.js';

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
}

export interface Translation {
  readonly status: number;
  readonly body: ErrorBody;
  /** True for failures worth an error log line (5xx): bugs and outages. */
  readonly serverFault: boolean;
}

const NEO4J_WRITE_REFUSED = 'Neo.ClientError.Statement.AccessMode';
const NEO4J_TIMED_OUT = 'Neo.ClientError.Transaction.TransactionTimedOut';

function answer(
  code: ApiErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>>,
): Translation {
  const status = API_ERROR_STATUS[code];
  return { status, body: { error: { code, message, details } }, serverFault: status >= 500 };
}

function isApiCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERROR_STATUS, code);
}

// fastify's own 4xx with a code of their own; any other (validation, bad JSON, bad URL) is a 400.
const FRAMEWORK_STATUS_CODES: Readonly<Record<number, ApiErrorCode>> = {
  413: 'API_PAYLOAD_TOO_LARGE',
  414: 'API_URI_TOO_LONG',
  415: 'API_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The one translation of errors into HTTP answers: API codes by their table, graph codes by
 * kind (and the database's own code for write refusals and timeouts), fastify's own 4xx by
 * status (413, 414, 415, else `API_BAD_REQUEST`, 400); anything else is a 500 without internals.
 * Every code has one status.
 */
export function translateError(error: unknown): Translation {
  if (isTraceyError(error)) {
    if (isApiCode(error.code)) return answer(error.code, error.message, error.details);
    const neo4jCode = typeof error.details['neo4jCode'] === 'string' ? error.details['neo4jCode'] : '';
    if (neo4jCode === NEO4J_WRITE_REFUSED) {
      return answer('API_WRITE_REFUSED', 'the database refused a write in a read-only transaction', {
        neo4jCode,
      });
    }
    if (neo4jCode.startsWith(NEO4J_TIMED_OUT)) {
      return answer(
        'API_LIMIT_EXCEEDED',
        `the query ran over its time limit (${LIMITS.queryTimeoutMs} ms); narrow it`,
        {
          neo4jCode,
          limit: 'queryTimeoutMs',
          value: LIMITS.queryTimeoutMs,
        },
      );
    }
    if (error.code === GRAPH_ERROR_CODES.unavailable || error.code === GRAPH_ERROR_CODES.transient) {
      return answer('API_UNAVAILABLE', 'the graph database is not available; retry later', {});
    }
    return answer('API_INTERNAL', 'internal error', {});
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = error instanceof Error ? error.message : 'bad request';
    return answer(FRAMEWORK_STATUS_CODES[statusCode] ?? 'API_BAD_REQUEST', message, {});
  }
  return answer('API_INTERNAL', 'internal error', {});
}
