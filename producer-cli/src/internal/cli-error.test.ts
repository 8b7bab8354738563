import { readFileSync } from 'node:fs';
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

// docs/errors.md gives each code of producer-core and the CLI the exit code of `tracey`.
const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const DOCUMENTED_EXIT = ['producer-core', 'producer-cli'].flatMap((section) => {
  const table = doc.split(`\n## ${section}\n`)[1]?.split('\n## ')[0] ?? '';
  return [...table.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|[^|]*\|\s*(\d)\s*\|/gm)].map(
    (match) => [match[1] ?? '', Number(match[2])] as const,
  );
});

describe('exit codes of tracey, per documented error code', () => {
  it('reads every row of both tables', () => {
    expect(DOCUMENTED_EXIT.length).toBe(
      Object.keys(CLI_ERROR_CODES).length + (doc.match(/^\| `PRODUCER_/gm)?.length ?? 0),
    );
  });

  it.each(DOCUMENTED_EXIT)('%s exits %i', (code, exit) => {
    expect(exitCodeFor(new TraceyError(code, 'x'))).toBe(exit);
  });

  it('uses the documented numbers', () => {
    expect(EXIT_CODES).toEqual({ ok: 0, failed: 1, badInput: 2, spooled: 3 });
  });
});

describe('errorLines', () => {
  it('prints the message, then each reason indented', () => {
    expect(
      errorLines(badInput('invalid event', ['data.name: is required', 'links: CAUSE is not allowed'])),
    ).toEqual(['tracey: invalid event', '  data.name: is required', '  links: CAUSE is not allowed']);
  });
});
