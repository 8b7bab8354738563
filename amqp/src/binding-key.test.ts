import { describe, expect, it } from 'vitest';
import { bindingKeyIssue, matchesBindingKey } from './binding-key.js';

describe('matchesBindingKey', () => {
  const key = 'eiffel.artifact.EiffelArtifactCreatedEvent._.acme.com';

  it('matches words, * as one word and # as any number', () => {
    expect(matchesBindingKey('eiffel.*.EiffelArtifactCreatedEvent.#', key)).toBe(true);
    expect(matchesBindingKey('#', key)).toBe(true);
    expect(matchesBindingKey('eiffel.#.com', key)).toBe(true);
    expect(matchesBindingKey('eiffel.*.EiffelArtifactCreatedEvent', key)).toBe(false);
    expect(matchesBindingKey('eiffel.*.EiffelArtifactPublishedEvent.#', key)).toBe(false);
    expect(matchesBindingKey('eiffel.artifact.#', 'eiffel.artifact')).toBe(true);
    expect(matchesBindingKey('*.artifact', 'eiffel.artifact.x')).toBe(false);
  });

  it('answers as a plain backtracking match does, on random keys', () => {
    // The oracle: RabbitMQ's rule written out directly (exponential, fine for short keys).
    const oracle = (pattern: string[], words: string[]): boolean => {
      if (pattern.length === 0) return words.length === 0;
      const [head, ...rest] = pattern;
      if (head === '#') return words.some((_, i) => oracle(rest, words.slice(i))) || oracle(rest, []);
      return words.length > 0 && (head === '*' || head === words[0]) && oracle(rest, words.slice(1));
    };
    let state = 7;
    const pick = <T>(items: readonly T[]): T => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return items[state % items.length] as T;
    };
    let matched = 0;
    for (let i = 0; i < 5_000; i++) {
      const words = Array.from({ length: pick([1, 2, 3, 4, 5, 6]) }, () => pick(['a', 'b', 'c']));
      const pattern = Array.from({ length: pick([1, 2, 3, 4, 5]) }, () => pick(['a', 'b', '*', '#', '#']));
      const expected = oracle(pattern, words);
      if (expected) matched++;
      expect(
        matchesBindingKey(pattern.join('.'), words.join('.')),
        `${pattern.join('.')} ${words.join('.')}`,
      ).toBe(expected);
    }
    // Both answers occur often enough to mean something.
    expect(matched).toBeGreaterThan(500);
    expect(matched).toBeLessThan(4_500);
  });

  it('answers repeated # against a 40-word routing key in well under a millisecond', () => {
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join('.');
    expect(long.split('.')).toHaveLength(40);
    matchesBindingKey('#.#.#.#.#.#.#.#.z', long); // warm up
    // The fastest of 20 batches of 100 answers: what the matcher costs, not what a busy machine
    // (other processes on two cores) takes from it.
    let perAnswerMs = Infinity;
    let matched = 0;
    for (let batch = 0; batch < 20; batch++) {
      const started = performance.now();
      for (let i = 0; i < 100; i++) if (matchesBindingKey('#.#.#.#.#.#.#.#.z', long)) matched += 1;
      perAnswerMs = Math.min(perAnswerMs, (performance.now() - started) / 100);
    }
    expect(matched).toBe(0);
    expect(matchesBindingKey('#.#.#.#.#.#.#.#.w39', long)).toBe(true);
    // A tenth of a millisecond an answer at most; a backtracking match took minutes for one.
    expect(perAnswerMs).toBeLessThan(0.1);
  });

  it('says what is wrong with a binding key', () => {
    expect(bindingKeyIssue('eiffel.*.EiffelArtifactCreatedEvent.#')).toBeUndefined();
    expect(bindingKeyIssue('eiffel..x')).toMatch(/^word "" /);
    expect(bindingKeyIssue('eiffel.a#')).toMatch(/^word "a#" /);
    expect(bindingKeyIssue('')).toBe('must be 1 to 255 characters');
  });
});
