import { describe, expect, it } from 'vitest';
import { eiffelEvent } from './eiffel-event-builder.js';
import {
  eiffelIndexedProperties,
  eiffelIndexedPropertyNames,
  eiffelIndexedPropertyPaths,
} from './eiffel-indexed-properties.js';

describe('eiffelIndexedProperties', () => {
  it('keeps the schema version in `version` and a composition’s own version in `dataVersion`', () => {
    const event = eiffelEvent('EiffelCompositionDefinedEvent', {
      name: 'release-1',
      version: '1.2.3',
    }).build();
    const props = eiffelIndexedProperties(event);
    expect(props).toMatchObject({
      type: 'EiffelCompositionDefinedEvent',
      name: 'release-1',
      dataVersion: '1.2.3',
    });
    expect(props['version']).toBe(event.meta.version);
    expect(props['version']).not.toBe('1.2.3');
  });

  it('indexes the fields people search by', () => {
    const event = eiffelEvent('EiffelArtifactCreatedEvent', { identity: 'pkg:npm/tracey@1.0.0' }).build();
    expect(eiffelIndexedProperties(event)).toMatchObject({
      id: event.meta.id,
      time: event.meta.time,
      identity: 'pkg:npm/tracey@1.0.0',
    });
  });

  it('names the data properties of a type, and none for an unknown type', () => {
    expect(eiffelIndexedPropertyNames('EiffelConfidenceLevelModifiedEvent')).toEqual(['name', 'value']);
    expect(eiffelIndexedPropertyNames('EiffelSourceChangeCreatedEvent')).toEqual([
      'commitId',
      'repoName',
      'branch',
    ]);
    expect(eiffelIndexedPropertyNames('constructor')).toEqual([]);
  });

  it('gives the data path of each property, and none for an unknown type', () => {
    expect(eiffelIndexedPropertyPaths('EiffelSourceChangeSubmittedEvent')).toEqual({
      commitId: ['gitIdentifier', 'commitId'],
      repoName: ['gitIdentifier', 'repoName'],
      branch: ['gitIdentifier', 'branch'],
    });
    expect(eiffelIndexedPropertyPaths('toString')).toEqual({});
  });
});
