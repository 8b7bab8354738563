import { describe, expect, it } from 'vitest';
import { CDEVENTS_EVENT_TYPES, EIFFEL_EVENT_TYPES } from '@tracey/schemas';
import { checkedVocabulary, pipelineGraphVocabulary, typeLabel } from './graph-vocabulary.js';

describe('pipelineGraphVocabulary', () => {
  it('labels every Eiffel type by its name and every CDEvents type by subject and predicate', () => {
    for (const type of EIFFEL_EVENT_TYPES) expect(typeLabel(pipelineGraphVocabulary, type)).toBe(type);
    expect(CDEVENTS_EVENT_TYPES.length).toBe(129);
    for (const type of CDEVENTS_EVENT_TYPES) {
      const [, , subject, predicate] = type.split('.');
      const label = typeLabel(pipelineGraphVocabulary, type);
      expect(label?.toLowerCase()).toBe(`cd${subject}${predicate}`);
      expect(pipelineGraphVocabulary.eventLabels).toContain(label);
    }
    expect(typeLabel(pipelineGraphVocabulary, 'dev.cdeventsx.tool-thing.done.0.1.0')).toBeUndefined();
  });

  it("has CDEvents' embedded link types as relationship types beside Eiffel's", () => {
    for (const type of ['PATH', 'END', 'RELATION', 'CAUSE', 'CONTEXT']) {
      expect(pipelineGraphVocabulary.relationshipTypes).toContain(type);
    }
  });

  it('refuses a type label that is not one of its event labels', () => {
    expect(() =>
      checkedVocabulary({ eventLabels: ['A'], relationshipTypes: [], typeLabels: { 'x.y': 'B' } }),
    ).toThrow(/not an event label/);
  });
});
