import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { pipelineProtocol } from '@tracey/schemas';
import { cdeventsConformanceExamples } from '@tracey/schemas/testing';
import type { CloudEventMapper } from './cloud-event-mapper.js';
import { toPipelineEvents } from './to-pipeline-events.js';

type Json = Record<string, unknown>;
interface Context extends Json {
  id: string;
  type: string;
  source: string;
  timestamp: string;
}

// Every conformance example of the three releases, each with an id of its own (the examples share one).
const examples = cdeventsConformanceExamples({ id: (release, name) => `${release}-${name}` }).map(
  ({ release, name, event }) => ({
    name: `${release}/${name}.json`,
    cdevent: event,
  }),
);

function carrying(cdevent: { context: Context }, data: unknown = cdevent) {
  const { id, type, source, timestamp } = cdevent.context;
  return new CloudEvent({ id, type, source, time: timestamp, datacontenttype: 'application/json', data });
}

const none: readonly CloudEventMapper[] = [];

describe('toPipelineEvents: CDEvents pass through', () => {
  it('has the conformance examples of all three releases', () => {
    expect(examples.length).toBeGreaterThan(120);
  });

  it.each(examples)('passes $name through unchanged, a valid CDEvent', ({ cdevent }) => {
    const result = toPipelineEvents(carrying(cdevent), none);
    expect(result).toEqual({ ok: true, mapper: 'cdevents', events: [cdevent] });
    const parsed = pipelineProtocol.parse(result.ok ? result.events[0] : undefined);
    expect(parsed.ok && parsed.verified).toBe(true);
  });

  const example = examples.find(({ name }) => name === 'v0.5.1/service_deployed.json')?.cdevent;
  if (example === undefined) throw new Error('no v0.5.1 service_deployed example');

  it('parses data given as JSON text or bytes', () => {
    const text = JSON.stringify(example);
    expect(toPipelineEvents(carrying(example, text), none)).toMatchObject({ ok: true, events: [example] });
    const bytes = new CloudEvent({ ...carrying(example).toJSON(), data: Buffer.from(text) });
    expect(toPipelineEvents(bytes, none)).toMatchObject({ ok: true, events: [example] });
  });

  it('takes custom CDEvents types (dev.cdeventsx.*) too', () => {
    const custom = {
      ...example,
      context: { ...example.context, type: 'dev.cdeventsx.argo-app.synced.0.1.0' },
    };
    expect(toPipelineEvents(carrying(custom), none)).toMatchObject({ ok: true, mapper: 'cdevents' });
  });

  it('refuses a CDEvents CloudEvent without data', () => {
    const { id, type, source } = example.context;
    expect(toPipelineEvents(new CloudEvent({ id, type, source }), none)).toMatchObject({
      ok: false,
      field: 'data',
      reason: expect.stringContaining('no data') as string,
    });
  });

  it('refuses data that is no JSON object', () => {
    expect(toPipelineEvents(carrying(example, '{"context": '), none)).toMatchObject({
      ok: false,
      field: 'data',
      reason: expect.stringContaining('not JSON') as string,
    });
    expect(toPipelineEvents(carrying(example, [example]), none)).toMatchObject({ ok: false, field: 'data' });
    expect(toPipelineEvents(carrying(example, { subject: example['subject'] }), none)).toMatchObject({
      ok: false,
      field: 'data.context',
    });
  });

  it('refuses a CDEvent whose id or type is not the CloudEvent one', () => {
    const otherId = { ...example, context: { ...example.context, id: 'another' } };
    expect(toPipelineEvents(carrying(example, otherId), none)).toMatchObject({
      ok: false,
      field: 'data.context.id',
      reason: expect.stringContaining(`"${example.context.id}"`) as string,
    });
    const otherType = {
      ...example,
      context: { ...example.context, type: 'dev.cdevents.service.upgraded.0.3.0' },
    };
    expect(toPipelineEvents(carrying(example, otherType), none)).toMatchObject({
      ok: false,
      field: 'data.context.type',
    });
  });
});

describe('toPipelineEvents: other CloudEvents', () => {
  const event = new CloudEvent({
    id: 'e1',
    source: 'https://ci.example/jobs/7',
    type: 'com.example.build.done',
    data: {},
  });
  const mapper = (name: string, matches: boolean): CloudEventMapper => ({
    name,
    matches: () => matches,
    map: () => ({ ok: true, mapper: name, events: [], note: 'mapped' }),
  });

  it('goes to the first mapper that matches', () => {
    const result = toPipelineEvents(event, [
      mapper('no', false),
      mapper('first', true),
      mapper('second', true),
    ]);
    expect(result).toEqual({ ok: true, mapper: 'first', events: [], note: 'mapped' });
  });

  it('is refused naming type and source when no mapper takes it', () => {
    expect(toPipelineEvents(event, [mapper('no', false)])).toEqual({
      ok: false,
      field: 'type',
      reason:
        'no mapper takes CloudEvents of type "com.example.build.done" (source "https://ci.example/jobs/7"); see docs/cdevents.md#mappers',
    });
  });
});
