import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { docExamples, jsonValues, ShellSession, withServiceUrls } from './support/doc-examples.js';

// The docs test's own parts, on small inputs: what it reads from a page and how it runs it.
describe('the docs test runner', () => {
  const dir = mkdtempSync(`${tmpdir()}/tracey-doc-runner-`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the marked fences only, with their attributes, with or without a blank line between', () => {
    writeFileSync(
      `${dir}/page.md`,
      [
        '<!-- doc-test id=one json=2 -->',
        '```sh',
        'echo 1',
        '```',
        '```sh',
        'echo unmarked',
        '```',
        "<!-- doc-test rows=0 note='a b' -->",
        '',
        '```cypher',
        'MATCH (n) RETURN n',
        '```',
      ].join('\n'),
    );
    expect(docExamples(`${dir}/`, 'page.md')).toEqual([
      { file: 'page.md', line: 2, lang: 'sh', attrs: { id: 'one', json: '2' }, code: 'echo 1' },
      {
        file: 'page.md',
        line: 10,
        lang: 'cypher',
        attrs: { rows: '0', note: 'a b' },
        code: 'MATCH (n) RETURN n',
      },
    ]);
    writeFileSync(`${dir}/bad.md`, '<!-- doc-test -->\ntext\n');
    expect(() => docExamples(`${dir}/`, 'bad.md')).toThrow(
      /bad.md:1: a doc-test marker must stand right above/,
    );
  });

  it('splits what curl, tracey and jq print into JSON values, and refuses anything else', () => {
    expect(jsonValues('{"a":"}\\"{"}[1,[2]]\n"x"\n3\ntrue\n')).toEqual([
      { a: '}"{' },
      [1, [2]],
      'x',
      3,
      true,
    ]);
    expect(jsonValues(' \n')).toEqual([]);
    expect(() => jsonValues('{"a":1')).toThrow(/unterminated/);
    expect(() => jsonValues('Error: not found')).toThrow();
  });

  it('keeps the variables one example assigns for the next, and skips exports the test sets', async () => {
    const session = new ShellSession({
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', TRACEY_X: 'test' },
    });
    const first = await session.run('export TRACEY_X=from-the-docs\nA=$(echo "one two")\nB=2');
    expect(first).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(session.value('A')).toBe('one two');
    const second = await session.run('echo "$A/$B/$TRACEY_X"');
    expect(second.stdout).toBe('one two/2/test\n');
    const failing = await session.run('false\necho unreachable');
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toBe('');
    expect(
      withServiceUrls('curl http://127.0.0.1:8080/x http://127.0.0.1:8081/', { api: 'A', adapter: 'B' }),
    ).toBe('curl A/x B/');
  });
});
