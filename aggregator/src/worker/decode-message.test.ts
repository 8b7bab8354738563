import { describe, expect, it } from 'vitest';
import { eiffelProtocol } from '@tracey/schemas';
import { eiffelGraphVocabulary } from '@tracey/graph';
import { decodeMessage } from './decode-message.js';

const event = {
  meta: {
    id: 'aaaaaaaa-0000-4000-8000-000000000001',
    type: 'EiffelActivityTriggeredEvent',
    version: '4.0.0',
    time: 1,
  },
  data: { name: 'build' },
  links: [{ type: 'CAUSE', target: 'aaaaaaaa-0000-4000-8000-000000000002' }],
};
const decode = (content: string, contentType?: string, contentEncoding?: string) =>
  decodeMessage(eiffelProtocol, eiffelGraphVocabulary, {
    content: Buffer.from(content),
    contentType,
    contentEncoding,
  });

describe('decodeMessage', () => {
  it('turns a valid event into a row with its label and typed links', () => {
    const result = decode(JSON.stringify(event), 'application/json; charset=utf-8');
    if (!result.ok) throw new Error('expected a row');
    expect(result.row).toMatchObject({
      id: event.meta.id,
      type: 'EiffelActivityTriggeredEvent',
      label: 'EiffelActivityTriggeredEvent',
      json: JSON.stringify(event),
      links: [
        { relationshipType: 'CAUSE', linkType: 'CAUSE', target: event.links[0]?.target, targetTypes: 'any' },
      ],
    });
    expect(decode(JSON.stringify(event)).ok).toBe(true);
  });

  it('dead-letters other content types and encodings', () => {
    expect(decode(JSON.stringify(event), 'application/xml')).toMatchObject({
      ok: false,
      disposition: { action: 'dead-letter', reason: 'unsupported-content-type' },
    });
    expect(decode(JSON.stringify(event), 'application/json', 'gzip')).toMatchObject({
      ok: false,
      disposition: { reason: 'unsupported-content-type', details: { contentEncoding: 'gzip' } },
    });
  });

  it('dead-letters text that is not JSON', () => {
    expect(decode('{"meta":')).toMatchObject({ ok: false, disposition: { reason: 'not-json' } });
  });

  it('dead-letters JSON nested deeper than the validator can take, whatever the event type', () => {
    // Built as text: JSON.stringify itself recurses.
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const type of ['EiffelActivityTriggeredEvent', 'SomeFutureEvent']) {
      const input = JSON.stringify({ ...event, meta: { ...event.meta, type }, data: { name: 'build' } });
      expect(decode(input.replace('"build"}', `"build","deep":${deep}}`))).toMatchObject({
        ok: false,
        disposition: { reason: 'invalid-event', details: { issues: [{ code: 'too_deep' }] } },
      });
    }
    expect(decode('['.repeat(100_000) + ']'.repeat(100_000))).toMatchObject({
      disposition: { reason: 'invalid-event' },
    });
  });

  it('dead-letters invalid events with the issues and the claimed id', () => {
    const result = decode(JSON.stringify({ ...event, meta: { ...event.meta, time: 'yesterday' } }));
    expect(result).toMatchObject({
      ok: false,
      eventId: event.meta.id,
      disposition: { reason: 'invalid-event', details: { eventId: event.meta.id, issueCount: 1 } },
    });
  });

  it('stores link types outside the vocabulary as LINK, never as a relationship type of their own', () => {
    const result = decodeMessage(
      eiffelProtocol,
      { eventLabels: [], relationshipTypes: [] },
      { content: Buffer.from(JSON.stringify(event)) },
    );
    if (!result.ok) throw new Error('expected a row');
    expect(result.row.label).toBeUndefined();
    expect(result.row.links[0]).toMatchObject({ relationshipType: 'LINK', linkType: 'CAUSE' });
  });
});
