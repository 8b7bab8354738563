import { isTraceyError, type TraceyError } from '@tracey/common';
import { INPUT_ERROR_CODE } from './parse-input.js';

/** The JSON body of every error answer of every Tracey HTTP service. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
}

/** An error as an HTTP answer. */
export interface Translation {
  readonly status: number;
  readonly body: ErrorBody;
  /** True for failures worth an error log line: bugs and outages. */
  readonly serverFault: boolean;
}

/** A code of a service's table with what its answer says. */
export interface ErrorAnswer<C extends string> {
  readonly code: C;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * A service's errors: its codes, each with one HTTP status, and which of them answer what the
 * framework refuses itself. Every Tracey HTTP service describes its errors in this one shape.
 */
export interface ErrorTable<C extends string> {
  /** Each code's HTTP status. */
  readonly status: Readonly<Record<C, number>>;
  /** Malformed input: fastify's own 4xx without a code below, and {@link parseInput}'s refusals. */
  readonly badRequest: C;
  /** No route has the path. */
  readonly notFound: C;
  /** A bug: answered without its message. */
  readonly internal: C;
  /** fastify's own 4xx that have a code of their own (413, 414, 415). */
  readonly frameworkStatus?: Readonly<Partial<Record<number, C>>>;
  /** Errors of other packages answered with the service's codes (the API: the graph's). */
  readonly foreign?: (error: TraceyError) => ErrorAnswer<C> | undefined;
  /** Whether an answer is worth an error log line; default: every 5xx. */
  readonly serverFault?: (code: C, status: number) => boolean;
}

/** The one translation of errors into HTTP answers, for the service whose table is `table`. */
export type ErrorTranslator = (error: unknown) => Translation;

/**
 * Translates by `table`: the service's codes by their status; {@link parseInput}'s refusals as
 * `badRequest`; other packages' errors by `foreign`; fastify's own 4xx by status
 * (`frameworkStatus`, else `badRequest`); anything else is `internal` without its internals.
 */
export function createErrorTranslator<C extends string>(table: ErrorTable<C>): ErrorTranslator {
  const isCode = (code: string): code is C => Object.hasOwn(table.status, code);
  const isFault = table.serverFault ?? ((_code: C, status: number) => status >= 500);
  const answer = ({ code, message, details }: ErrorAnswer<C>): Translation => {
    const status = table.status[code];
    return { status, body: { error: { code, message, details } }, serverFault: isFault(code, status) };
  };
  const internal = (): Translation =>
    answer({ code: table.internal, message: 'internal error', details: {} });
  return (error) => {
    if (isTraceyError(error)) {
      if (isCode(error.code))
        return answer({ code: error.code, message: error.message, details: error.details });
      if (error.code === INPUT_ERROR_CODE) {
        return answer({ code: table.badRequest, message: error.message, details: error.details });
      }
      const foreign = table.foreign?.(error);
      return foreign === undefined ? internal() : answer(foreign);
    }
    const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const message = error instanceof Error ? error.message : 'bad request';
      return answer({ code: table.frameworkStatus?.[statusCode] ?? table.badRequest, message, details: {} });
    }
    return internal();
  };
}
