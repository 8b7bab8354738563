import { createLogger, type Logger } from '@tracey/common';

/** The logger of services under test: silent unless TRACEY_TEST_LOG_LEVEL asks to see them. */
export const quietLogger: Logger = createLogger({
  name: 'adapter-test',
  level:
    process.env['TRACEY_TEST_LOG_LEVEL'] === undefined
      ? 'silent'
      : (process.env['TRACEY_TEST_LOG_LEVEL'] as 'debug'),
});
