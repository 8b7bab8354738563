import { describe, expect, it } from 'vitest';
import { eiffelEvent, TRACEY_SERIALIZER } from './eiffel-event-builder.js';
import { validateEiffelEvent } from './validate-eiffel-event.js';

describe('eiffelEvent', () => {
  it('builds the latest version with defaults: UUID v4 id, time now, source', () => {
    const before = Date.now();
    const event = eiffelEvent('EiffelActivityTriggeredEvent', { name: 'build' }).build();
    expect(event.meta).toMatchObject({ type: 'EiffelActivityTriggeredEvent', version: '5.0.1' });
    expect(event.meta.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.meta.time).toBeGreaterThanOrEqual(before);
    expect(event.meta.source).toMatchObject({ name: 'tracey', serializer: TRACEY_SERIALIZER });
    expect(typeof event.meta.source?.host).toBe('string');
    expect(validateEiffelEvent(event)).toMatchObject({ ok: true, verified: true });
  });

  it('adds links by type, to an id or an event', () => {
    const triggered = eiffelEvent('EiffelActivityTriggeredEvent', { name: 'build' }).build();
    const finished = eiffelEvent(
      'EiffelActivityFinishedEvent',
      { outcome: { conclusion: 'SUCCESSFUL' } },
      { id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee0', time: 5, source: { domainId: 'example.domain' } },
    )
      .link('ACTIVITY_EXECUTION', triggered)
      .link('CAUSE', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee9', 'other.domain')
      .build();
    expect(finished.meta).toMatchObject({ id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee0', time: 5 });
    expect(finished.meta.source).toMatchObject({ domainId: 'example.domain', name: 'tracey' });
    expect(finished.links).toEqual([
      { type: 'ACTIVITY_EXECUTION', target: triggered.meta.id },
      { type: 'CAUSE', target: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee9', domainId: 'other.domain' },
    ]);
  });

  it('throws SCHEMAS_EVENT_INVALID listing every issue when the event breaks its definition', () => {
    const builder = eiffelEvent('EiffelActivityFinishedEvent', { outcome: { conclusion: 'SUCCESSFUL' } });
    expect(() => builder.build()).toThrow(
      expect.objectContaining({
        code: 'SCHEMAS_EVENT_INVALID',
        details: expect.objectContaining({
          errors: [expect.objectContaining({ code: 'link_missing' })],
        }) as unknown,
      }),
    );
    expect(builder.tryBuild()).toMatchObject({ ok: false });
  });
});
