import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TRIGGER_ERROR_CODES } from '@tracey/jenkins-adapter';
import { GRAPH_ERROR_CODES } from '@tracey/graph';
import { CLI_ERROR_CODES } from '@tracey/producer-cli';
import { PRODUCER_ERROR_CODES } from '@tracey/producer-core';
import { SCHEMAS_ERROR_CODES } from '@tracey/schemas';
import { MAPPING_ERROR_CODES } from '@tracey/mapping';

// Every code and dead-letter reason docs/errors.md lists must be named by a test that is not one of
// the docs checks: by its text ('API_NOT_FOUND', 'event-too-large') or by its constant
// (CLI_ERROR_CODES.badInput), outside an error the test builds itself. A documented answer nobody
// provokes is a promise nobody checks.
const root = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
const docChecks = new Set(['test/errors-doc.test.ts', 'test/errors-tested.test.ts']);
const constantTables = {
  SCHEMAS_ERROR_CODES,
  MAPPING_ERROR_CODES,
  PRODUCER_ERROR_CODES,
  CLI_ERROR_CODES,
  GRAPH_ERROR_CODES,
  TRIGGER_ERROR_CODES,
} as const;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.git', '.services', '.tools'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The ways a test's source can name `code`: its text, or `TABLE.key` of a constant table. */
function namesOf(code: string): string[] {
  const constants = Object.entries(constantTables).flatMap(([table, codes]) =>
    Object.entries(codes)
      .filter(([, value]) => value === code)
      .map(([key]) => `${table}.${key}`),
  );
  return [code, ...constants];
}

/**
 * The source without errors a test builds by hand (`new TraceyError(CODE, …)`, as the exit-code
 * table does): naming a code there provokes nothing, so it does not count.
 */
function withoutHandMadeErrors(source: string): string {
  return source.replace(/new TraceyError\(\s*[^,)]+/g, 'new TraceyError(');
}

describe('every documented error is named by a test', () => {
  const documented = [...doc.matchAll(/^\|\s*`([A-Za-z][A-Za-z0-9_-]+)`\s*\|/gm)].map(
    (match) => match[1] ?? '',
  );
  const sources = testFiles(root)
    .filter((path) => !docChecks.has(relative(root, path)))
    .map((path) => withoutHandMadeErrors(readFileSync(path, 'utf8')));

  it('reads the codes, reasons and test files it checks', () => {
    // The tables' first and last rows, so that a changed table format cannot empty the check.
    expect(documented).toEqual(expect.arrayContaining(['SCHEMAS_EVENT_INVALID', 'unsupported-content-type']));
    expect(documented).toEqual(expect.arrayContaining(['store-rejected', 'TRIGGER_STATE_FAILED']));
    expect(documented.length).toBeGreaterThanOrEqual(50);
    expect(sources.length).toBeGreaterThan(100);
    expect(withoutHandMadeErrors("new TraceyError(CLI_ERROR_CODES.notPublished, 'x')")).not.toContain(
      'notPublished',
    );
  });

  it('names each of them in at least one test file', () => {
    const untested = documented.filter(
      (code) => !sources.some((source) => namesOf(code).some((name) => source.includes(`${name}`))),
    );
    expect(untested).toEqual([]);
  });
});
