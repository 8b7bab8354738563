import { quietLogger as testLogger } from '@tracey/testing';

/** The logger of services under test: silent unless TRACEY_TEST_LOG_LEVEL asks to see them. */
export const quietLogger = testLogger('adapter-test');
