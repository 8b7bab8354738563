import { describe, expect, it } from 'vitest';
import { derivedKeyProperties, derivedKeys } from './derived-links.js';

const CD = 'dev.cdevents';
const purl = 'pkg:oci/app@sha256%3Aabc';

describe('derivedKeys', () => {
  it('ranks the events of one artifact: Eiffel created < packaged < published < deployed and incidents', () => {
    expect(derivedKeys('EiffelArtifactCreatedEvent', { identity: purl })).toEqual([
      { kind: 'artifact', key: purl, rank: 0 },
    ]);
    expect(derivedKeys(`${CD}.artifact.packaged.0.2.0`, { artifactId: purl })).toEqual([
      { kind: 'artifact', key: purl, rank: 1, below: 1, field: 'subject.id' },
    ]);
    expect(derivedKeys(`${CD}.artifact.published.0.2.0`, { artifactId: purl })).toEqual([
      { kind: 'artifact', key: purl, rank: 2, below: 2, field: 'subject.id' },
    ]);
    for (const type of ['service.deployed', 'service.upgraded', 'service.rolledback', 'incident.detected']) {
      expect(derivedKeys(`${CD}.${type}.0.2.0`, { artifactId: purl })).toEqual([
        { kind: 'artifact', key: purl, below: 3, field: 'subject.content.artifactId' },
      ]);
    }
  });

  it('links a packaged artifact to its change, with the change source when it names one', () => {
    expect(
      derivedKeys(`${CD}.artifact.packaged.0.2.0`, {
        artifactId: purl,
        changeId: '42',
        changeSource: 'github.com/acme/app',
      }),
    ).toContainEqual({
      kind: 'change',
      key: '42',
      below: 2,
      field: 'subject.content.change.id',
      source: 'github.com/acme/app',
    });
  });

  it('makes a merge both a change (after its creation) and the commit an Eiffel submission names', () => {
    expect(
      derivedKeys(`${CD}.change.merged.0.3.0`, {
        changeId: '42',
        subjectId: '42',
        subjectSource: 'github.com/acme/app',
        commitId: 'ab'.repeat(20),
      }),
    ).toEqual([
      { kind: 'change', key: '42', rank: 1, below: 1, field: 'subject.id', source: 'github.com/acme/app' },
      { kind: 'commit', key: 'ab'.repeat(20), below: 2, field: 'customData.commitId' },
      { kind: 'deployedCommit', key: 'ab'.repeat(20), rank: 1 },
    ]);
    expect(derivedKeys(`${CD}.change.created.0.3.0`, { changeId: '42' })).toEqual([
      { kind: 'change', key: '42', rank: 0 },
    ]);
    expect(derivedKeys('EiffelSourceChangeSubmittedEvent', { commitId: 'AB'.repeat(20) })).toEqual([
      { kind: 'commit', key: 'ab'.repeat(20), rank: 0 },
      { kind: 'deployedCommit', key: 'ab'.repeat(20), rank: 0 },
    ]);
  });

  it('makes a pushed commit the commit, on its parent; a pull request the change of its head', () => {
    const [commit, parent] = ['cd'.repeat(20), 'ef'.repeat(20)];
    const url = `https://github.com/acme/app/commit/${commit}`;
    expect(
      derivedKeys(`${CD}.change.created.0.3.0`, { changeId: url, commitId: commit, parentCommitId: parent }),
    ).toEqual([
      { kind: 'change', key: url, rank: 0 },
      { kind: 'commit', key: commit, rank: 1, below: 1, field: 'customData.commitId' },
      { kind: 'deployedCommit', key: commit, rank: 0 },
      {
        kind: 'parentCommit',
        key: commit,
        rank: 0,
        ref: parent,
        below: 1,
        field: 'customData.parentCommitId',
      },
    ]);
    expect(derivedKeys(`${CD}.change.updated.0.3.0`, { changeId: '42', headCommitId: commit })).toEqual([
      { kind: 'change', key: '42', rank: 0 },
      { kind: 'commit', key: commit, below: 2, field: 'customData.headSha' },
    ]);
    expect(derivedKeys(`${CD}.service.deployed.0.3.0`, { commitId: commit })).toEqual([
      { kind: 'deployedCommit', key: commit, below: 2, field: 'customData.commitId' },
    ]);
  });

  it('derives nothing from events that name nothing, or from other types', () => {
    expect(derivedKeys('EiffelArtifactCreatedEvent', {})).toEqual([]);
    expect(derivedKeys(`${CD}.service.deployed.0.2.0`, {})).toEqual([]);
    expect(derivedKeys(`${CD}.service.removed.0.2.0`, { artifactId: purl })).toEqual([]);
    expect(derivedKeys(`${CD}.change.reviewed.0.3.0`, { changeId: '42' })).toEqual([]);
    expect(derivedKeys('EiffelSourceChangeCreatedEvent', { commitId: 'ab'.repeat(20) })).toEqual([]);
    expect(derivedKeys('dev.cdeventsx.acme-thing.done.0.1.0', { artifactId: purl })).toEqual([]);
  });
});

describe('derivedKeyProperties', () => {
  it('names the node properties per kind', () => {
    expect(
      derivedKeyProperties([
        { kind: 'artifact', key: purl, rank: 1, below: 1, field: 'subject.id' },
        { kind: 'change', key: '42', below: 2, field: 'subject.content.change.id', source: 's' },
      ]),
    ).toEqual({
      _artifactDef: purl,
      _artifactRank: 1,
      _artifactRef: purl,
      _artifactBelow: 1,
      _artifactField: 'subject.id',
      _changeRef: '42',
      _changeBelow: 2,
      _changeField: 'subject.content.change.id',
      _changeSource: 's',
    });
  });
});
