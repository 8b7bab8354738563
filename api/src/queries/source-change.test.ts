import { describe, expect, it } from 'vitest';
import { dataIssuesOf, eventData, issueDetailsOf, personOf, sourceIdentityOf } from './source-change.js';

describe('source change details', () => {
  it('reads git, hg, svn and ClearCase identifiers into common fields', () => {
    expect(
      sourceIdentityOf({
        gitIdentifier: { commitId: 'c0ffee', repoName: 'app', repoUri: 'u', branch: 'main' },
      }),
    ).toEqual({
      vcs: 'git',
      commitId: 'c0ffee',
      repoName: 'app',
      repoUri: 'u',
      branch: 'main',
    });
    expect(
      sourceIdentityOf({ svnIdentifier: { revision: 42, directory: 'trunk', repoUri: 'svn://x' } }),
    ).toMatchObject({
      vcs: 'svn',
      commitId: '42',
      branch: 'trunk',
    });
    expect(sourceIdentityOf({ hgIdentifier: { commitId: 'f77', repoUri: 'h' } })).toMatchObject({
      vcs: 'hg',
      commitId: 'f77',
    });
    expect(
      sourceIdentityOf({ ccCompositeIdentifier: { vobs: ['a', 'b'], branch: 'int', configSpec: 'cs' } }),
    ).toEqual({
      vcs: 'cc',
      commitId: null,
      repoName: 'a,b',
      repoUri: 'cs',
      branch: 'int',
    });
    expect(sourceIdentityOf({})).toMatchObject({ vcs: null, commitId: null });
  });

  it('reads people, and nothing from text that is not an event', () => {
    const data = eventData(JSON.stringify({ data: { author: { name: 'Ada', email: 'ada@example.com' } } }));
    expect(personOf(data, 'author')).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      id: null,
      group: null,
    });
    expect(personOf(data, 'submitter')).toBeNull();
    expect(eventData('not json')).toEqual({});
    expect(eventData(null)).toEqual({});
  });

  it('takes resolved and partial data.issues as work items, not removed ones', () => {
    const issues = [
      { type: 'BUG', tracker: 'JIRA', id: 'A-1', uri: 'u1', transition: 'RESOLVED' },
      { type: 'FEATURE', tracker: 'JIRA', id: 'A-2', uri: 'u2', transition: 'PARTIAL' },
      { type: 'BUG', tracker: 'JIRA', id: 'A-3', uri: 'u3', transition: 'REMOVED' },
      'garbage',
    ];
    expect(dataIssuesOf({ issues })).toEqual([
      { issueId: 'A-1', issueType: 'BUG', tracker: 'JIRA', uri: 'u1', relation: 'RESOLVED_ISSUE' },
      {
        issueId: 'A-2',
        issueType: 'FEATURE',
        tracker: 'JIRA',
        uri: 'u2',
        relation: 'PARTIALLY_RESOLVED_ISSUE',
      },
    ]);
    expect(dataIssuesOf({})).toEqual([]);
  });

  it('reads an issue definition', () => {
    expect(issueDetailsOf({ id: 'A-1', type: 'BUG', tracker: 'JIRA', uri: 'u', title: 't' })).toEqual({
      issueId: 'A-1',
      issueType: 'BUG',
      tracker: 'JIRA',
      uri: 'u',
      title: 't',
    });
  });
});
