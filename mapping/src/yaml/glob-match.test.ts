import { describe, expect, it } from 'vitest';
import { globMatch } from './glob-match.js';

describe('globMatch', () => {
  it.each([
    ['io.argoproj.sync.succeeded', 'io.argoproj.sync.succeeded', true],
    ['io.argoproj.sync.succeeded', 'io.argoproj.sync.succeededx', false],
    ['io.argoproj.*', 'io.argoproj.sync.succeeded', true],
    ['*.succeeded', 'io.argoproj.sync.succeeded', true],
    ['io.*.sync.*', 'io.argoproj.sync.failed', true],
    ['io.*.sync.*', 'io.argoproj.rollout.failed', false],
    ['https://argo.example/*', 'https://argo.example/', true],
    ['a.b', 'aXb', false],
    ['*', '', true],
  ])('%s ~ %s is %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  it('stays fast on a pattern that backtracks', () => {
    const started = performance.now();
    expect(globMatch('*a*a*a*a*a*a*a*b', 'a'.repeat(20_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
