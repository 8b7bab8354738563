import { describe, expect, it } from 'vitest';
import { eiffelProtocol, isLegalLinkTarget } from '@tracey/schemas';
import { generatePipelineEvents } from './pipeline-generator.js';

describe('pipeline generator', () => {
  const events = generatePipelineEvents(2_000);

  it('makes valid events with about 1.7 links each, every target emitted before its linker', () => {
    expect(events).toHaveLength(2_000);
    const byId = new Map(events.map((event) => [event.meta.id, event]));
    expect(byId.size).toBe(events.length);
    let links = 0;
    const seen = new Set<string>();
    for (const event of events) {
      const parsed = eiffelProtocol.parse(JSON.parse(JSON.stringify(event)));
      expect(parsed.ok && parsed.verified).toBe(true);
      for (const link of event.links) {
        links++;
        expect(seen.has(link.target)).toBe(true);
        const target = byId.get(link.target);
        expect(
          isLegalLinkTarget(event.meta.type, event.meta.version, link.type, target?.meta.type ?? ''),
        ).toBe(true);
      }
      seen.add(event.meta.id);
    }
    expect(links / events.length).toBeGreaterThan(1.6);
    expect(links / events.length).toBeLessThan(1.8);
  });

  it('covers the pipeline from source change to confidence level', () => {
    const types = new Set(events.map((event) => event.meta.type));
    expect([...types].sort()).toEqual([
      'EiffelActivityFinishedEvent',
      'EiffelActivityStartedEvent',
      'EiffelActivityTriggeredEvent',
      'EiffelArtifactCreatedEvent',
      'EiffelArtifactPublishedEvent',
      'EiffelCompositionDefinedEvent',
      'EiffelConfidenceLevelModifiedEvent',
      'EiffelEnvironmentDefinedEvent',
      'EiffelSourceChangeCreatedEvent',
      'EiffelSourceChangeSubmittedEvent',
      'EiffelTestCaseFinishedEvent',
      'EiffelTestCaseStartedEvent',
      'EiffelTestCaseTriggeredEvent',
    ]);
  });
});
