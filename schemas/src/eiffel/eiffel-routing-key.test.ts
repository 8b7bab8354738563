import { isTraceyError } from '@tracey/common';
import { describe, expect, it } from 'vitest';
import { EIFFEL_EVENT_TYPES } from '../generated/eiffel-definitions.js';
import { checkRoutingTag, EIFFEL_ROUTING_FAMILIES, eiffelRoutingKey } from './eiffel-routing-key.js';

describe('eiffelRoutingKey', () => {
  it('follows eiffel.<family>.<type>.<tag>.<domainId> with _ for unknown parts', () => {
    expect(eiffelRoutingKey('EiffelActivityFinishedEvent', 'example.domain')).toBe(
      'eiffel.activity.EiffelActivityFinishedEvent._.example.domain',
    );
    expect(eiffelRoutingKey('EiffelConfidenceLevelModifiedEvent', undefined, 'ci')).toBe(
      'eiffel.artifact.EiffelConfidenceLevelModifiedEvent.ci._',
    );
    expect(eiffelRoutingKey('EiffelAlienLandedEvent', '')).toBe('eiffel._.EiffelAlienLandedEvent._._');
  });

  it('keeps every key bindable by eiffel.*.<Type>.#', () => {
    for (const type of EIFFEL_EVENT_TYPES) {
      const words = eiffelRoutingKey(type, 'a.b.c').split('.');
      expect(words.slice(0, 3)).toEqual(['eiffel', EIFFEL_ROUTING_FAMILIES[type] ?? '_', type]);
    }
  });

  it('never lets a dotted type shift the words', () => {
    expect(eiffelRoutingKey('Evil.Type', undefined)).toBe('eiffel._._._._');
  });

  it('rejects a tag that is not one word', () => {
    expect(() => checkRoutingTag('a.b')).toThrow(
      expect.objectContaining({ code: 'SCHEMAS_ROUTING_TAG_INVALID' }),
    );
    // Caught rather than asserted with toThrow, so that isTraceyError is what decides; nothing
    // thrown fails the test.
    let thrown: unknown;
    try {
      checkRoutingTag('');
    } catch (error) {
      thrown = error;
    }
    expect(thrown, "checkRoutingTag('') did not throw").toBeDefined();
    expect(isTraceyError(thrown, 'SCHEMAS_ROUTING_TAG_INVALID')).toBe(true);
    expect(() => checkRoutingTag('ci')).not.toThrow();
  });
});
