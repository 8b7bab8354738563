import { pino, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config/shared-vars.js';
import { redactUrlSecrets } from './redact-url-credentials.js';
import { serializeError } from './serialize-error.js';

export interface CreateLoggerOptions {
  /** Service name, bound as `service` on every line. */
  readonly name: string;
  readonly level: LogLevel;
  /** Human-readable colored output (development, a TTY). Default: JSON lines. */
  readonly pretty?: boolean;
  /** Where JSON lines go; default stdout. Tests pass a stream to read them back. */
  readonly destination?: NodeJS.WritableStream;
}

/** Field paths whose values are secrets wherever they appear in a log line. */
export const REDACTED_PATHS = [
  'password',
  'token',
  'authorization',
  '*.password',
  '*.token',
  '*.authorization',
  '*.neo4jPassword',
  '*.apiToken',
  'req.headers.authorization',
  'req.headers.cookie',
];

function redactStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactUrlSecrets(value);
  if (depth <= 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  // Only plain records are copied: class instances (fastify's request and reply, errors) keep
  // their prototype getters for the serializers that run after this formatter.
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = redactStrings(inner, depth - 1);
  return out;
}

/**
 * The process logger: pino JSON (pretty when asked), secrets redacted by path and passwords
 * and query secrets (`?secret=`) removed from any URL in messages or fields. Components take `logger.child({ component })`.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Errors are serialized after the formatter below, so their text is cleaned here.
    serializers: { err: (error: unknown) => redactStrings(serializeError(error), 2) },
    formatters: {
      log: (fields) => redactStrings(fields, 2) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg: unknown) => (typeof arg === 'string' ? redactUrlSecrets(arg) : arg));
        method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
  };
  if (options.pretty === true) {
    return pino({ ...config, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

export type { Logger };
