import { describe, expect, it } from 'vitest';
import { TraceyError } from '@tracey/common';
import { EXIT_CODES, exitCodeFor } from './cli-error.js';

// docs/errors.md: `tracey` exits 1 failed (also the query API out of reach or failing), 2 bad input
// (also a request the query API refused), 3 spooled with --strict. Each documented code of the CLI
// and of producer-core it can meet, with the exit code the page promises, written out.
const DOCUMENTED_EXIT = {
  CLI_BAD_INPUT: 2,
  CLI_CONFIG_INVALID: 2,
  CLI_API_REFUSED: 2,
  PRODUCER_BAD_INPUT: 2,
  PRODUCER_GIT_FAILED: 2,
  PRODUCER_UNKNOWN_PART: 2,
  PRODUCER_PLUGIN_INVALID: 2,
  CLI_SPOOLED_STRICT: 3,
  CLI_NOT_PUBLISHED: 1,
  CLI_API_UNREACHABLE: 1,
  CLI_API_FAILED: 1,
  CLI_BROKER_UNREACHABLE: 1,
  PRODUCER_SPOOL_CORRUPT: 1,
} as const;

describe('exit codes of tracey, per documented error code', () => {
  it.each(Object.entries(DOCUMENTED_EXIT))('%s exits %i', (code, exit) => {
    expect(exitCodeFor(new TraceyError(code, 'x'))).toBe(exit);
  });

  it('uses the documented numbers', () => {
    expect(EXIT_CODES).toEqual({ ok: 0, failed: 1, badInput: 2, spooled: 3 });
  });
});
