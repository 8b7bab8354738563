/**
 * The one error vocabulary of Tracey: a stable `code` callers branch on (never the message),
 * a `retryable` flag the process translator uses (HTTP status, CLI exit code, ack/nack), and
 * the original `cause`.
 */
export interface TraceyErrorOptions {
  /** Whether retrying the same operation later may succeed. Default `false`. */
  readonly retryable?: boolean;
  /** Structured facts about the failure, safe to log (never secrets). */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class TraceyError<Code extends string = string> extends Error {
  override readonly name: string = 'TraceyError';
  readonly code: Code;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: Code, message: string, options: TraceyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a {@link TraceyError}, optionally with the given code. */
export function isTraceyError(error: unknown, code?: string): error is TraceyError {
  return error instanceof TraceyError && (code === undefined || error.code === code);
}
