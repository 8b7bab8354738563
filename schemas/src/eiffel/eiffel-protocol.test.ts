import { describe, expect, it } from 'vitest';
import { eiffelEvent } from './eiffel-event-builder.js';
import { createEiffelProtocol, eiffelProtocol } from './eiffel-protocol.js';

describe('eiffelProtocol', () => {
  const triggered = eiffelEvent('EiffelActivityTriggeredEvent', { name: 'build' }).build();
  const finished = eiffelEvent(
    'EiffelActivityFinishedEvent',
    { outcome: { conclusion: 'FAILED' } },
    { tags: ['nightly'] },
  )
    .link('ACTIVITY_EXECUTION', triggered)
    .build();

  it('tells identity, type, time and links', () => {
    expect(eiffelProtocol.eventId(finished)).toBe(finished.meta.id);
    expect(eiffelProtocol.eventType(finished)).toBe('EiffelActivityFinishedEvent');
    expect(eiffelProtocol.eventTime(finished)).toBe(finished.meta.time);
    expect(eiffelProtocol.links(finished)).toEqual([
      { type: 'ACTIVITY_EXECUTION', target: triggered.meta.id },
    ]);
  });

  it('tells the legal target types of a link for the aggregator', () => {
    expect(eiffelProtocol.linkTargetTypes(finished, 'ACTIVITY_EXECUTION')).toEqual([
      'EiffelActivityTriggeredEvent',
    ]);
    expect(eiffelProtocol.linkTargetTypes(finished, 'CAUSE')).toBe('any');
    expect(eiffelProtocol.linkTargetTypes(finished, 'ELEMENT')).toBeUndefined();
  });

  it('indexes envelope members and the data members queries filter on', () => {
    expect(eiffelProtocol.indexedProperties(finished)).toMatchObject({
      id: finished.meta.id,
      type: 'EiffelActivityFinishedEvent',
      version: '4.1.1',
      sourceName: 'tracey',
      tags: ['nightly'],
      conclusion: 'FAILED',
    });
    expect(eiffelProtocol.indexedProperties(triggered)).toMatchObject({ name: 'build' });
  });

  it('uses the configured routing key tag', () => {
    expect(createEiffelProtocol({ routingKeyTag: 'tracey' }).routingKey(triggered)).toBe(
      'eiffel.activity.EiffelActivityTriggeredEvent.tracey._',
    );
  });
});
