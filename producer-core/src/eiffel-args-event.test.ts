import { describe, expect, it } from 'vitest';
import { eiffelEventFromArgs, resolveEiffelType } from './eiffel-args-event.js';

const ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

describe('eiffelEventFromArgs', () => {
  it('builds a valid event from data, --set, --link, domain and tags', () => {
    const result = eiffelEventFromArgs({
      type: 'ArtifactPublished',
      data: { locations: [{ type: 'PLAIN', uri: 'https://example.com/a.tgz' }] },
      sets: ['data.locations[0].name=a.tgz'],
      links: [`ARTIFACT=${ID}`],
      domainId: 'example.org',
      tags: ['nightly'],
      source: { name: 'github-actions' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.meta).toMatchObject({
      type: 'EiffelArtifactPublishedEvent',
      tags: ['nightly'],
      source: { name: 'github-actions', domainId: 'example.org' },
    });
    expect(result.event.data).toEqual({
      locations: [{ type: 'PLAIN', uri: 'https://example.com/a.tgz', name: 'a.tgz' }],
    });
    expect(result.event.links).toEqual([{ type: 'ARTIFACT', target: ID }]);
  });

  it('reads --set values as JSON when they are JSON', () => {
    const result = eiffelEventFromArgs({
      type: 'EiffelActivityTriggeredEvent',
      sets: ['data.name=build', 'data.categories=["ci","nightly"]'],
    });
    expect(result.ok && result.event.data).toEqual({ name: 'build', categories: ['ci', 'nightly'] });
  });

  it('names every bad argument', () => {
    const result = eiffelEventFromArgs({ type: 'NoSuchThing', sets: ['name=x'], links: ['cause'] });
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual([
      'type',
      '--set name=x',
      '--link cause',
    ]);
  });

  it('names the fields that break the definition', () => {
    const result = eiffelEventFromArgs({
      type: 'ConfidenceLevelModified',
      data: { name: 'RC', value: 'MAYBE' },
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toContain('data.value');
  });

  it('resolves short type names', () => {
    expect(resolveEiffelType('SourceChangeCreated')).toBe('EiffelSourceChangeCreatedEvent');
    expect(resolveEiffelType('EiffelSourceChangeCreatedEvent')).toBe('EiffelSourceChangeCreatedEvent');
    expect(resolveEiffelType('Nope')).toBeUndefined();
  });
});
