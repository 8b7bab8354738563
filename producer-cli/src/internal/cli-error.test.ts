import { describe, expect, it } from 'vitest';
import { TraceyError } from '@tracey/common';
import { badInput, CLI_ERROR_CODES, errorLines, EXIT_CODES, exitCodeFor } from './cli-error.js';

describe('exitCodeFor', () => {
  it('maps bad input of any package to 2, a strict spool to 3, the rest to 1', () => {
    expect(exitCodeFor(badInput('x'))).toBe(EXIT_CODES.badInput);
    expect(exitCodeFor(new TraceyError('PRODUCER_GIT_FAILED', 'x'))).toBe(2);
    expect(exitCodeFor(new TraceyError('SCHEMAS_UNKNOWN_EVENT_TYPE', 'x'))).toBe(2);
    expect(exitCodeFor(new TraceyError(CLI_ERROR_CODES.spooledStrict, 'x'))).toBe(EXIT_CODES.spooled);
    expect(exitCodeFor(new TraceyError(CLI_ERROR_CODES.notPublished, 'x'))).toBe(EXIT_CODES.failed);
    expect(exitCodeFor(new TraceyError('PRODUCER_SPOOL_CORRUPT', 'x'))).toBe(1);
  });
});

describe('errorLines', () => {
  it('prints the message, then each reason indented', () => {
    expect(
      errorLines(badInput('invalid event', ['data.name: is required', 'links: CAUSE is not allowed'])),
    ).toEqual(['tracey: invalid event', '  data.name: is required', '  links: CAUSE is not allowed']);
  });
});
