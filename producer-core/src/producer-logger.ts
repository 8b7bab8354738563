import type { Logger } from '@tracey/common';

/** The part of a pino logger producer-core uses; pass `logger.child({ component })`. */
export type ProducerLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
