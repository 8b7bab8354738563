import type { Logger } from '@tracey/common';

/** The part of a pino logger the consumers use; pass `logger.child({ component })`. */
export type ConsumerLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
