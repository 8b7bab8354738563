import { describe, expect, it } from 'vitest';
import { eiffelEvent } from './eiffel-event-builder.js';
import {
  eiffelIndexedProperties,
  eiffelIndexedPropertyNames,
  eiffelIndexedPropertyOf,
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
      'repoUri',
      'branch',
      'vcs',
    ]);
    expect(eiffelIndexedPropertyNames('constructor')).toEqual([]);
  });

  it('gives the property holding a data path, with the VCS a source change must have', () => {
    expect(eiffelIndexedPropertyOf('EiffelArtifactCreatedEvent', 'identity')).toEqual({
      property: 'identity',
    });
    expect(eiffelIndexedPropertyOf('EiffelSourceChangeSubmittedEvent', 'gitIdentifier.commitId')).toEqual({
      property: 'commitId',
      vcs: 'git',
    });
    expect(eiffelIndexedPropertyOf('EiffelSourceChangeCreatedEvent', 'svnIdentifier.directory')).toEqual({
      property: 'branch',
      vcs: 'svn',
    });
    expect(
      eiffelIndexedPropertyOf('EiffelSourceChangeCreatedEvent', 'svnIdentifier.revision'),
    ).toBeUndefined();
    expect(eiffelIndexedPropertyOf('toString', 'identity')).toBeUndefined();
  });
});

describe('eiffelIndexedProperties of source changes: one shape for every VCS', () => {
  // Each VCS's identifier as the protocol defines it, and the node properties it must give.
  it.each([
    [
      'git',
      {
        gitIdentifier: { commitId: 'c0ffee', repoName: 'app', repoUri: 'https://g/app.git', branch: 'main' },
      },
      { commitId: 'c0ffee', repoName: 'app', repoUri: 'https://g/app.git', branch: 'main' },
    ],
    [
      'svn',
      { svnIdentifier: { revision: 42, directory: 'trunk', repoName: 'Mainline', repoUri: 'svn://h/m' } },
      { commitId: '42', repoName: 'Mainline', repoUri: 'svn://h/m', branch: 'trunk' },
    ],
    [
      'hg',
      { hgIdentifier: { commitId: 'f7744f53cf93', repoUri: 'https://h/hg' } },
      { commitId: 'f7744f53cf93', repoUri: 'https://h/hg' },
    ],
    [
      'cc',
      {
        ccCompositeIdentifier: {
          vobs: ['/vobs/a', '/vobs/b'],
          branch: 'rel_1',
          configSpec: 'element * LATEST',
        },
      },
      { repoName: '/vobs/a,/vobs/b', repoUri: 'element * LATEST', branch: 'rel_1' },
    ],
  ])('%s', (vcs, data, expected) => {
    for (const type of ['EiffelSourceChangeCreatedEvent', 'EiffelSourceChangeSubmittedEvent'] as const) {
      const props = eiffelIndexedProperties(eiffelEvent(type, data as never).build());
      const identity = Object.fromEntries(
        ['commitId', 'repoName', 'repoUri', 'branch', 'vcs'].flatMap((name) =>
          props[name] === undefined ? [] : [[name, props[name]]],
        ),
      );
      expect(identity).toEqual({ ...expected, vcs });
    }
  });
});
