import { pino } from 'pino';

/** An error as a log line holds it. */
export interface SerializedError {
  /** The error's class (`Error`, `TraceyError`, …), or the JavaScript type of a thrown non-error. */
  readonly type: string;
  readonly message: string;
  /** The error's `code` (`ECONNREFUSED`, an AMQP reply code, a Tracey code) when it has one. */
  readonly code?: string | number;
  readonly [field: string]: unknown;
}

function codeOf(value: object): { code?: string | number } {
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? { code } : {};
}

/**
 * The `err` field of every log line: `{type, message, code}` whatever was thrown or passed. An
 * `Error` keeps what pino's serializer gives (its stack, `cause` and own fields too); a string
 * or any other value becomes a message, never an object of its characters.
 */
export function serializeError(value: unknown): SerializedError {
  if (value instanceof Error) {
    // pino's result has a prototype of its own: copied, so it is a plain record to redact.
    const serialized = { ...pino.stdSerializers.err(value) } as Record<string, unknown>;
    return { ...serialized, type: String(serialized['type']), message: value.message, ...codeOf(value) };
  }
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    const prototype: unknown = Object.getPrototypeOf(value);
    const type =
      prototype === null
        ? 'Object'
        : ((prototype as { constructor?: { name?: string } }).constructor?.name ?? 'Object');
    return {
      type,
      message: typeof message === 'string' ? message : safeJson(value),
      ...codeOf(value),
    };
  }
  return { type: typeof value, message: String(value) };
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    // A cycle or a BigInt: the type is all there is to say.
    return '[unserializable object]';
  }
}
