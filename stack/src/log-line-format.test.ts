import { describe, expect, it } from 'vitest';
import { formatLogLine, prettyPinoLine } from './log-line-format.js';

const plain = { format: 'pretty', color: false, nameWidth: 10 } as const;
const time = Date.UTC(2026, 10, 23, 13, 5, 9, 42);

describe('prettyPinoLine', () => {
  it('shows time, level, component, message and the other fields, leaving out pino bookkeeping', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 12,
      hostname: 'box',
      name: 'tracey-aggregator',
      component: 'aggregator-worker',
      msg: 'consuming',
      queue: 'tracey.aggregator',
      batch: { size: 500 },
    });
    expect(prettyPinoLine(line, false)).toEqual([
      '13:05:09.042 INFO  [aggregator-worker] consuming queue=tracey.aggregator batch={"size":500}',
    ]);
  });

  it('shows an HTTP request line as method, URL, status and time when fastify gives them', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      msg: 'request completed',
      req: { method: 'GET', url: '/events/abc' },
      res: { statusCode: 404 },
      responseTime: 12.6,
      reqId: 'req-1',
    });
    expect(prettyPinoLine(line, false)).toEqual([
      '13:05:09.042 INFO  request completed GET /events/abc → 404 13ms',
    ]);
  });

  it('gives an error its type and message, and for level error the first stack frames', () => {
    const stack = ['Error: boom', ...Array.from({ length: 12 }, (_, index) => `    at f${index} (x.js:1:1)`)];
    const line = JSON.stringify({
      level: 50,
      time,
      msg: 'write failed',
      err: { type: 'Neo4jError', message: 'boom', stack: stack.join('\n') },
    });
    const lines = prettyPinoLine(line, false) ?? [];
    expect(lines[0]).toBe('13:05:09.042 ERROR write failed err="Neo4jError: boom"');
    expect(lines.slice(1)).toEqual(Array.from({ length: 8 }, (_, index) => `    at f${index} (x.js:1:1)`));
  });

  it('quotes text with spaces and cuts long values', () => {
    const line = JSON.stringify({ level: 40, time, msg: 'slow', reason: 'a b', blob: 'x'.repeat(500) });
    const [shown] = prettyPinoLine(line, false) ?? [];
    expect(shown).toContain('reason="a b"');
    expect(shown).toMatch(/blob=x{159}…$/);
    expect(shown).toContain(' WARN  slow ');
  });

  it('colours the level on a terminal', () => {
    const [shown] = prettyPinoLine(JSON.stringify({ level: 60, time, msg: 'dead' }), true) ?? [];
    expect(shown).toContain('\u001b[41;97mFATAL\u001b[0m');
  });

  it('leaves what is not a pino line to the caller', () => {
    for (const text of ['plain text', '{not json', '{"msg":"no level"}', '[1,2]', ''])
      expect(prettyPinoLine(text, false), text).toBeUndefined();
  });
});

describe('formatLogLine', () => {
  const pino = JSON.stringify({ level: 30, time, msg: 'ready' });

  it('prefixes every line with the padded service name', () => {
    expect(formatLogLine('api', pino, plain)).toEqual(['api        │ 13:05:09.042 INFO  ready']);
    expect(formatLogLine('api', 'Neo4j: starting', plain)).toEqual(['api        │ Neo4j: starting']);
  });

  it('passes JSON through unchanged in raw format', () => {
    expect(formatLogLine('adapter', pino, { ...plain, format: 'raw' })).toEqual([`adapter    │ ${pino}`]);
  });

  it('colours the name the same way for every worker', () => {
    const [first] = formatLogLine('aggregator-1', 'x', { ...plain, color: true });
    const [second] = formatLogLine('aggregator-2', 'x', { ...plain, color: true });
    expect(first?.slice(0, 7)).toBe(second?.slice(0, 7));
    expect(first?.startsWith('\u001b[')).toBe(true);
  });
});
