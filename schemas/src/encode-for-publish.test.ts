import { describe, expect, it } from 'vitest';
import { encodeForPublish } from './encode-for-publish.js';
import { eiffelEvent } from './eiffel/eiffel-event-builder.js';
import { eiffelProtocol } from './eiffel/eiffel-protocol.js';
import type { Protocol } from './protocol.js';
import { tickProtocol } from './testing/tick-protocol.js';

// The generic path every producer will take (issue 4): it only knows the Protocol interface.
describe('encodeForPublish', () => {
  it('publishes an Eiffel event with its Sepia routing key', () => {
    const event = eiffelEvent(
      'EiffelArtifactCreatedEvent',
      { identity: 'pkg:npm/tracey@1.0.0' },
      { source: { domainId: 'ci' } },
    ).build();
    const result = encodeForPublish(eiffelProtocol, JSON.parse(JSON.stringify(event)));
    expect(result).toEqual({
      ok: true,
      verified: true,
      message: {
        routingKey: 'eiffel.artifact.EiffelArtifactCreatedEvent._.ci',
        contentType: 'application/json',
        messageId: event.meta.id,
        body: JSON.stringify(event),
      },
    });
  });

  it('refuses unverified events unless allowed', () => {
    const future = {
      meta: {
        id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee0',
        type: 'EiffelFutureEvent',
        version: '1.0.0',
        time: 1,
      },
      data: {},
      links: [],
    };
    expect(encodeForPublish(eiffelProtocol, future)).toMatchObject({
      ok: false,
      errors: [{ path: '', code: 'invalid' }],
    });
    expect(encodeForPublish(eiffelProtocol, future, { allowUnverified: true })).toMatchObject({
      ok: true,
      verified: false,
      message: { routingKey: 'eiffel._.EiffelFutureEvent._._' },
    });
  });

  it('returns the validation issues of invalid input', () => {
    expect(encodeForPublish(eiffelProtocol, { meta: {} })).toMatchObject({ ok: false });
  });

  it('works end to end with a second protocol added as its own module', () => {
    const publish = <E>(protocol: Protocol<E>, input: unknown) => encodeForPublish(protocol, input);
    expect(publish(tickProtocol, { id: 't2', kind: 'tick', at: 2, after: ['t1'] })).toEqual({
      ok: true,
      verified: true,
      message: {
        routingKey: 'tick.tick',
        contentType: 'application/vnd.tracey.tick+json',
        messageId: 't2',
        body: '{"id":"t2","kind":"tick","at":2,"after":["t1"]}',
      },
    });
    expect(publish(tickProtocol, { id: 't3', kind: 'tock', at: 3 })).toMatchObject({ ok: false });
    expect(publish(tickProtocol, { id: 't4', kind: 'tick', at: -1 })).toEqual({
      ok: false,
      errors: [{ path: 'at', code: 'invalid', message: expect.any(String) as string }],
    });
  });

  it('gives each protocol its links, time and indexed properties', () => {
    const parsed = tickProtocol.parse({ id: 't2', kind: 'tick', at: 2, after: ['t1'] });
    if (!parsed.ok) throw new Error('tick did not parse');
    expect(tickProtocol.links(parsed.event)).toEqual([{ type: 'AFTER', target: 't1' }]);
    expect(tickProtocol.eventTime(parsed.event)).toBe(2);
    expect(tickProtocol.linkTargetTypes(parsed.event, 'AFTER')).toEqual(['tick', 'tock']);
  });
});
