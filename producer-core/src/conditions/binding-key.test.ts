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

  it('says what is wrong with a binding key', () => {
    expect(bindingKeyIssue('eiffel.*.EiffelArtifactCreatedEvent.#')).toBeUndefined();
    expect(bindingKeyIssue('eiffel..x')).toMatch(/^word "" /);
    expect(bindingKeyIssue('eiffel.a#')).toMatch(/^word "a#" /);
    expect(bindingKeyIssue('')).toBe('must be 1 to 255 characters');
  });
});
