import { describe, expect, it } from 'vitest';
import { compileLinearRegex, MAX_REGEX_LENGTH } from './linear-regex.js';

function compiled(pattern: string) {
  const result = compileLinearRegex(pattern);
  if (!result.ok) throw new Error(result.reason);
  return result.regex;
}

describe('compileLinearRegex', () => {
  it('matches partially, like RegExp#test', () => {
    expect(compiled('^pkg:npm/').test('pkg:npm/lodash@4.17.21')).toBe(true);
    expect(compiled('lodash').test('pkg:npm/lodash@4.17.21')).toBe(true);
    expect(compiled('^lodash$').test('pkg:npm/lodash')).toBe(false);
    expect(compiled('^\\p{L}+$').test('Ärger')).toBe(true);
  });

  it.each([
    ['(?=a)b', '`(?=`'],
    ['(?<!x)y', '`(?<!x)y`'],
    ['(a)\\1', '`\\1`'],
    ['a++', '`++`'],
    ['[a-', 'missing closing ]'],
  ])('refuses %s naming the construct', (pattern, construct) => {
    const result = compileLinearRegex(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain(construct);
      expect(result.reason).toContain('RE2');
    }
  });

  it('refuses patterns too long or compiling to too large a program', () => {
    expect(compileLinearRegex('a'.repeat(MAX_REGEX_LENGTH + 1))).toMatchObject({ ok: false });
    const big = compileLinearRegex('(.*a){999}(.*b){999}');
    expect(big).toMatchObject({ ok: false });
    if (!big.ok) expect(big.reason).toContain('instructions');
  });

  it('answers catastrophic patterns over adversarial text in linear time', () => {
    const text = `${'a'.repeat(50_000)}!`;
    for (const pattern of ['^(a+)+$', '(.*a){25}', '(a|aa)+$', '^(a*)*$', '(\\w+\\s?)*$']) {
      const regex = compiled(pattern);
      const started = performance.now();
      regex.test(text);
      // Backtracking here takes hours; a second leaves room for a loaded CI machine.
      expect(performance.now() - started, pattern).toBeLessThan(1_000);
    }
  });
});
