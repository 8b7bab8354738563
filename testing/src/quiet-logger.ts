import { createLogger, type Logger } from '@tracey/common';

/** A logger for services under test, silent unless TRACEY_TEST_LOG_LEVEL asks to see them. */
export function quietLogger(name: string): Logger {
  const level = process.env['TRACEY_TEST_LOG_LEVEL'];
  return createLogger({ name, level: level === undefined ? 'silent' : (level as 'debug') });
}
