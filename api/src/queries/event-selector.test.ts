import { describe, expect, it } from 'vitest';
import { parseEventSelector, resolveEventType } from './event-selector.js';

describe('parseEventSelector', () => {
  it('takes full and short type names, with filters on the type’s indexed properties', () => {
    expect(parseEventSelector('SourceChangeCreated')).toEqual({
      ok: true,
      selector: {
        type: 'EiffelSourceChangeCreatedEvent',
        types: ['EiffelSourceChangeCreatedEvent'],
        filters: [],
      },
    });
    expect(parseEventSelector('EiffelConfidenceLevelModifiedEvent, name=release ,value=SUCCESS')).toEqual({
      ok: true,
      selector: {
        type: 'EiffelConfidenceLevelModifiedEvent',
        types: ['EiffelConfidenceLevelModifiedEvent'],
        filters: [
          { property: 'name', value: 'release' },
          { property: 'value', value: 'SUCCESS' },
        ],
      },
    });
    expect(parseEventSelector('ArtifactCreated,identity=pkg:npm/a@1?x=y')).toMatchObject({
      ok: true,
      selector: { filters: [{ property: 'identity', value: 'pkg:npm/a@1?x=y' }] },
    });
  });

  it('says what is wrong: unknown type, unfilterable or repeated property, missing value', () => {
    expect(parseEventSelector('Nope')).toEqual({
      ok: false,
      message:
        'unknown event type "Nope" (e.g. SourceChangeCreated, EiffelArtifactCreatedEvent or dev.cdevents.service.deployed)',
    });
    expect(parseEventSelector('ArtifactCreated,event=x')).toEqual({
      ok: false,
      message: 'EiffelArtifactCreatedEvent cannot be filtered by "event" (filterable: identity, name)',
    });
    expect(parseEventSelector('ArtifactPublished,name=x')).toMatchObject({
      message: 'EiffelArtifactPublishedEvent cannot be filtered by "name" (filterable: none)',
    });
    expect(parseEventSelector('ArtifactCreated,name=a,name=b')).toMatchObject({
      message: '"name" is given twice',
    });
    expect(parseEventSelector('ArtifactCreated,name')).toMatchObject({
      message: '"name" is not <property>=<value>',
    });
  });

  it('resolves only the protocol’s own type names', () => {
    expect(resolveEventType('IssueDefined')).toBe('EiffelIssueDefinedEvent');
    expect(resolveEventType('constructor')).toBeUndefined();
    expect(resolveEventType('EiffelFooEvent')).toBeUndefined();
  });

  it('takes a CDEvents type with its version, or without it for every version', () => {
    expect(parseEventSelector('dev.cdevents.service.deployed,environmentId=prod')).toEqual({
      ok: true,
      selector: {
        type: 'dev.cdevents.service.deployed',
        types: [
          'dev.cdevents.service.deployed.0.1.1',
          'dev.cdevents.service.deployed.0.2.0',
          'dev.cdevents.service.deployed.0.3.0',
        ],
        filters: [{ property: 'environmentId', value: 'prod' }],
      },
    });
    expect(parseEventSelector('dev.cdevents.change.merged.0.3.0')).toMatchObject({
      selector: { type: 'dev.cdevents.change.merged.0.3.0', types: ['dev.cdevents.change.merged.0.3.0'] },
    });
    expect(parseEventSelector('dev.cdevents.service.deployed,name=x')).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot be filtered by "name"') as string,
    });
    expect(parseEventSelector('dev.cdevents.service.deploy').ok).toBe(false);
    expect(parseEventSelector('ArtifactCreated')).toMatchObject({
      selector: { type: 'EiffelArtifactCreatedEvent', types: ['EiffelArtifactCreatedEvent'] },
    });
  });
});
