import { isTraceyError } from '@tracey/common';
import { ADAPTER_ERROR_STATUS, isAdapterCode, type AdapterErrorCode } from '../adapter-error.js';

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
  /** True for failures worth an error log line (5xx other than an unavailable broker). */
  readonly serverFault: boolean;
}

function answer(
  code: AdapterErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>>,
): Translation {
  const status = ADAPTER_ERROR_STATUS[code];
  return { status, body: { error: { code, message, details } }, serverFault: code === 'ADAPTER_INTERNAL' };
}

// fastify's own 4xx with a code of their own; any other (bad JSON, bad URL) is a 400.
const FRAMEWORK_STATUS_CODES: Readonly<Record<number, AdapterErrorCode>> = {
  413: 'ADAPTER_PAYLOAD_TOO_LARGE',
  415: 'ADAPTER_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The one translation of errors into HTTP answers: adapter codes by their table; fastify's own
 * 4xx by status (413, 415, else `ADAPTER_BAD_REQUEST`, 400); anything else is a 500 without
 * internals. Every code has one status.
 */
export function translateError(error: unknown): Translation {
  if (isTraceyError(error) && isAdapterCode(error.code)) {
    return answer(error.code, error.message, error.details);
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = error instanceof Error ? error.message : 'bad request';
    return answer(FRAMEWORK_STATUS_CODES[statusCode] ?? 'ADAPTER_BAD_REQUEST', message, {});
  }
  return answer('ADAPTER_INTERNAL', 'internal error', {});
}
