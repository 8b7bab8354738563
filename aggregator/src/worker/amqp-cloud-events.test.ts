import { describe, expect, it } from 'vitest';
import { readCloudEvents } from './amqp-cloud-events.js';

const attributes = {
  id: 'e-1',
  source: 'https://10.96.0.1:443',
  type: 'dev.knative.apiserver.resource.add',
  time: '2026-11-30T09:12:03.418220731Z',
  kind: 'Deployment',
};
const data = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'checkout' } };
const binaryHeaders = (prefix: string, extra: Record<string, unknown> = {}) => ({
  timestamp_in_ms: 1,
  ...Object.fromEntries(
    Object.entries({ specversion: '1.0', ...attributes, ...extra }).map(([k, v]) => [`${prefix}${k}`, v]),
  ),
});

describe('readCloudEvents', () => {
  it('leaves a message without the binding alone', () => {
    expect(
      readCloudEvents({
        content: Buffer.from('{}'),
        contentType: 'application/json',
        headers: { timestamp_in_ms: 1 },
      }),
    ).toEqual({ kind: 'none' });
    expect(readCloudEvents({ content: Buffer.from('{}') })).toEqual({ kind: 'none' });
  });

  it.each(['cloudEvents_', 'cloudEvents:'])(
    'reads binary mode with %s headers, the data as JSON',
    (prefix) => {
      const read = readCloudEvents({
        content: Buffer.from(JSON.stringify(data)),
        contentType: 'application/json; charset=utf-8',
        headers: binaryHeaders(prefix),
      });
      expect(read).toMatchObject({
        kind: 'cloudevents',
        mode: 'binary',
        events: [{ ...attributes, datacontenttype: 'application/json; charset=utf-8', data }],
      });
    },
  );

  it('reads header values as AMQP 0-9-1 gives them: byte strings, a timestamp in seconds', () => {
    const read = readCloudEvents({
      content: Buffer.from('{}'),
      contentType: 'application/json',
      headers: binaryHeaders('cloudEvents_', { id: Buffer.from('e-2'), time: 1_764_493_923 }),
    });
    expect(read).toMatchObject({ events: [{ id: 'e-2', time: '2025-11-30T09:12:03.000Z' }] });
  });

  it('keeps data of another content type as bytes', () => {
    const read = readCloudEvents({
      content: Buffer.from('plain'),
      contentType: 'text/plain',
      headers: binaryHeaders('cloudEvents_'),
    });
    expect(read.kind === 'cloudevents' && Buffer.from(read.events[0]?.data as Uint8Array).toString()).toBe(
      'plain',
    );
  });

  it('leaves time unset when the event has none (the SDK would put in now)', () => {
    const { time: _time, ...timeless } = attributes;
    const read = readCloudEvents({
      content: Buffer.from(JSON.stringify({ specversion: '1.0', ...timeless, data })),
      contentType: 'application/cloudevents+json',
    });
    expect(read).toMatchObject({ kind: 'cloudevents', mode: 'structured', events: [{ id: 'e-1', data }] });
    expect(read.kind === 'cloudevents' && read.events[0]?.time).toBeUndefined();
  });

  it('reads a structured batch', () => {
    const batch = [1, 2].map((n) => ({ specversion: '1.0', ...attributes, id: `e-${n}`, data }));
    const read = readCloudEvents({
      content: Buffer.from(JSON.stringify(batch)),
      contentType: 'application/cloudevents-batch+json',
    });
    expect(read.kind === 'cloudevents' && read.events.map((event) => event.id)).toEqual(['e-1', 'e-2']);
  });

  it.each([
    [
      'binary data that is not the JSON its type says',
      {
        content: Buffer.from('{"a":'),
        contentType: 'application/json',
        headers: binaryHeaders('cloudEvents_'),
      },
      'data',
      'is not the JSON',
    ],
    [
      'an empty source',
      {
        content: Buffer.from('{}'),
        contentType: 'application/json',
        headers: binaryHeaders('cloudEvents_', { source: '' }),
      },
      'source',
      'fewer than 1 characters',
    ],
    [
      'a missing type',
      {
        content: Buffer.from(JSON.stringify({ specversion: '1.0', id: 'x', source: '/s' })),
        contentType: 'application/cloudevents+json',
      },
      'type',
      '',
    ],
    [
      'a bad extension name',
      {
        content: Buffer.from('{}'),
        contentType: 'application/json',
        headers: binaryHeaders('cloudEvents_', { 'Bad-Name': 'x' }),
      },
      'Bad-Name',
      'invalid extension name',
    ],
    [
      'a structured body that is not JSON',
      { content: Buffer.from('{'), contentType: 'application/cloudevents+json' },
      'content',
      'must be JSON',
    ],
    [
      'a batch that is no array',
      { content: Buffer.from('{}'), contentType: 'application/cloudevents-batch+json' },
      'content',
      'JSON array',
    ],
    [
      'a batch item that is invalid',
      {
        content: Buffer.from(JSON.stringify([{ specversion: '1.0', id: 'x', source: '', type: 't' }])),
        contentType: 'application/cloudevents-batch+json',
      },
      '[0].source',
      '',
    ],
    [
      'an event format other than JSON',
      { content: Buffer.from('x'), contentType: 'application/cloudevents+avro' },
      'content-type',
      'not supported',
    ],
  ])('refuses %s, naming the field', (_, message, field, reason) => {
    const read = readCloudEvents(message);
    expect(read).toMatchObject({ kind: 'invalid', field });
    expect(read.kind === 'invalid' && read.reason).toContain(reason);
  });
});
