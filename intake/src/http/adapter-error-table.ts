import { createErrorTranslator, type ErrorTable } from '@tracey/http-kit';
import { ADAPTER_ERROR_STATUS, type AdapterErrorCode } from '../adapter-error.js';

/** The adapter's errors in the kit's one shape: every code with one status. */
export const ADAPTER_ERRORS: ErrorTable<AdapterErrorCode> = {
  status: ADAPTER_ERROR_STATUS,
  badRequest: 'ADAPTER_BAD_REQUEST',
  notFound: 'ADAPTER_NOT_FOUND',
  internal: 'ADAPTER_INTERNAL',
  frameworkStatus: {
    413: 'ADAPTER_PAYLOAD_TOO_LARGE',
    415: 'ADAPTER_UNSUPPORTED_MEDIA_TYPE',
    429: 'ADAPTER_RATE_LIMITED',
  },
  // An unavailable broker or a full spool is an answer the sender retries, not a fault to log.
  serverFault: (code) => code === 'ADAPTER_INTERNAL',
};

/** Errors as the adapter answers them (see {@link ADAPTER_ERRORS}). */
export const translateError = createErrorTranslator(ADAPTER_ERRORS);
